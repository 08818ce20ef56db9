package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;

/**
 * The text format keeps one line per path and per error however the file is named: a newline (or another control
 * character) in a file name is written as its escape, as csv quotes it and json escapes it. It had been written
 * as it is, splitting the path over two lines that read as two rows.
 */
class TextFormatFileNamesTest {

    @Test
    void aNewlineInAFileNameIsEscaped(@TempDir Path dir) throws Exception {
        Path good = Files.copy(TestData.file("images/burger.jpg"), dir.resolve("new\nline.jpg"));
        Path bad = Files.write(dir.resolve("tab\tbell\u0007.jpg"), new byte[] {1, 2, 3});
        CliRun r = CliRun.of("classify", "--model",
                TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite").toString(), "--top", "1",
                good.toString(), bad.toString());
        assertEquals(1, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertEquals(dir + "/new\\nline.jpg", lines.get(0));
        assertTrue(lines.get(1).contains("cheeseburger"), lines.get(1));
        assertEquals(dir + "/tab\\tbell\\x07.jpg", lines.get(2));
        assertTrue(lines.get(3).startsWith("  error: ") && lines.get(3).contains("tab\\tbell\\x07.jpg"), lines.get(3));
    }
}
