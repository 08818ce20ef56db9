package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;

/**
 * Mutated real .tflite files, imported and run on XNNPACK, OpenBLAS and the reference backend by
 * {@link ModelFuzzCases} in a child JVM with a 512 MB heap: 0 JVM crashes (the child would die, and the
 * last case it printed is the culprit), 0 hangs (the child is killed after a deadline), 0 OutOfMemoryError
 * and 0 unclean exceptions. Mutations: raw bytes; schema fields (shapes, types, buffer indices, operator
 * inputs / outputs, op codes); quantization parameters (extreme, negative, NaN, subnormal scales; zero points
 * out of range; per-channel arrays of the wrong length or axis) and window parameters (dilation, stride,
 * padding, depth multiplier, pool size). 6 to 24 cases per model in the normal run (half a minute in all);
 * {@code -Dmobilenet4j.fuzz.cases=N} (the stress profile) for more.
 */
class ModelFuzzTest {
    private static final Integer CASES = Integer.getInteger("mobilenet4j.fuzz.cases");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"aosp-mlts/mobilenet_v1_0.25_128_quant.tflite, 24", "aosp-mlts/mobilenet_v1_0.25_128.tflite, 24",
        "aosp-mlts/mobilenet_v3-small_224_1.0_uint8.tflite, 15", "coral/tf2_mobilenet_v2_1.0_224_ptq.tflite, 6"})
    void mutatedModelsFailCleanly(String model, int defaultCases, @TempDir Path dir)
            throws IOException, InterruptedException {
        int cases = CASES != null ? CASES : defaultCases;
        Path log = dir.resolve("fuzz.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-Xss4m", "-cp", System.getProperty("java.class.path"),
                ModelFuzzCases.class.getName(), TestData.file("models/" + model).toString(), Integer.toString(cases),
                Integer.toString(model.hashCode()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = 120 + 4L * cases;
        boolean finished = p.waitFor(deadline, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        if (!finished) {
            fail(model + ": the child JVM hung (no end after " + deadline + " s); last output:\n" + tail);
        }
        String summary = lines.stream().filter(l -> l.startsWith("summary ")).findFirst().orElse(null);
        if (summary == null) {
            fail(model + ": the child JVM died (exit " + p.exitValue() + ") during the last case it printed:\n" + tail);
        }
        System.out.println(summary);
        assertEquals(0, p.exitValue(), model + ":\n" + String.join("\n", lines.stream()
                .filter(l -> l.startsWith("FAIL")).toList()));
        assertTrue(summary.contains(" " + cases + " cases") && summary.contains(" 0 failures"), summary);
    }
}
