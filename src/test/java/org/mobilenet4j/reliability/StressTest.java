package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.task.ImageClassifier;

/**
 * The stress run ({@code mvn test -Pstress}; skipped otherwise): resident memory (VmRSS, /proc/self/status)
 * stays flat over 10,000 classifier create/close cycles and over many classifications, per backend. The
 * profile fixes the Java heap and touches all of it at start (-Xms = -Xmx, -XX:+AlwaysPreTouch), so the heap
 * is resident from the first measurement and any growth of VmRSS is native memory: XNNPACK runtimes, packed
 * weights, OpenBLAS buffers, direct buffers, malloc arenas. Limit: 8 MB per phase, after a warm-up (1,000
 * cycles, 20,000 classifications) that lets the JIT compilers, whose arenas glibc keeps, and the allocators
 * settle.
 */
class StressTest {
    private static final String MODEL = "models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite";
    private static final long LIMIT_KB = 8 * 1024;

    private static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + key);
    }

    private static long settledRssKb() throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return status("VmRSS");
    }

    private static ImageClassifier open(Path model, String backend) {
        return ImageClassifier.builder().model(model).backend(Backends.byName(backend)).build();
    }

    @ParameterizedTest(name = "{0}: {1} create/close, {2} classifications")
    @CsvSource({"xnnpack, 10000, 100000", "openblas, 10000, 20000"})
    void residentMemoryStaysFlat(String backend, int cycles, int classifications) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("mobilenet4j.stress"), "stress run only (mvn test -Pstress)");
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(jvm.contains("-XX:+AlwaysPreTouch"), "run with -Pstress: the heap must be pre-touched, " + jvm);
        Path model = TestData.file(MODEL);
        for (int i = 0; i < 1_000; i++) {
            open(model, backend).close();
        }
        long before = settledRssKb();
        for (int i = 0; i < cycles; i++) {
            open(model, backend).close();
        }
        long afterCycles = settledRssKb();
        System.out.printf("%s: create/close x %d: VmRSS %d -> %d kB (%+d kB)%n", backend, cycles, before, afterCycles,
                afterCycles - before);
        long start;
        long end;
        try (ImageClassifier c = open(model, backend)) {
            ByteBuffer input = TensorBuffers.allocate(c.graph().inputType(0));
            for (int i = 0; i < 20_000; i++) {
                c.classifyTensor(input.duplicate());
            }
            start = settledRssKb();
            for (int i = 0; i < classifications; i++) {
                c.classifyTensor(input.duplicate());
            }
            end = settledRssKb();
        }
        System.out.printf("%s: classify x %d: VmRSS %d -> %d kB (%+d kB); peak VmHWM %d kB%n", backend,
                classifications, start, end, end - start, status("VmHWM"));
        assertTrue(afterCycles - before < LIMIT_KB, "create/close grew VmRSS by " + (afterCycles - before) + " kB");
        assertTrue(end - start < LIMIT_KB, "classification grew VmRSS by " + (end - start) + " kB");
    }
}
