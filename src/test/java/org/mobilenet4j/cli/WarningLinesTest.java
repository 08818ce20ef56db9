package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.tflite.MetadataBytes;

/**
 * The library's logged warnings reach a CLI user as one "warning: ..." line, like the CLI's own; they had been
 * the JDK's two-line form ("Dec 07, 2026 9:17:49 PM org.mobilenet4j.tflite.MetadataReader read" then
 * "WARNING: ..."), and once, not once per reading of the model. A child JVM runs the jar's main on a model whose
 * metadata name is not UTF-8.
 */
class WarningLinesTest {

    @Test
    void corruptMetadataIsOneWarningLine(@TempDir Path dir) throws Exception {
        byte[] b = MetadataBytes.nameNotUtf8(
                Files.readAllBytes(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite")));
        Path model = Files.write(dir.resolve("corrupt.tflite"), b);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "classify", "--model", model.toString(), "--backend", "reference", "--top", "1",
                TestData.file("images/burger.jpg").toString())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        List<String> warnings = lines.stream().filter(l -> l.contains("metadata")).filter(l -> !l.startsWith("note:")).toList();
        // once: the CLI's label checks and the classifier read the metadata of the same bytes (it had been twice)
        assertEquals(1, warnings.size(), String.join("\n", lines));
        assertTrue(warnings.get(0).startsWith("warning: corrupt.tflite: incomplete metadata ignored: "),
                String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.contains("MetadataReader")), String.join("\n", lines));
    }
}
