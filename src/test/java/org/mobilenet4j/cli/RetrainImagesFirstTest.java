package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * retrain checks --images before it fetches the default base model: a missing or empty folder had started a
 * download first (offline: "cannot fetch mobilenet_v1_1.0_224_quant: ... unknown host", the folder never
 * named). The cache here is empty and the mirror refuses connections, so a fetch would fail and say so.
 */
class RetrainImagesFirstTest {

    @Test
    void aFolderWithoutClassesFailsBeforeAnyDownload(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        String cache = System.getProperty("mobilenet4j.cache");
        String mirror = System.getProperty("mobilenet4j.mirror");
        System.setProperty("mobilenet4j.cache", Files.createDirectory(tmp.resolve("cache")).toString());
        System.setProperty("mobilenet4j.mirror", "http://127.0.0.1:9");
        try {
            CliRun r = CliRun.of("retrain", "--images", empty.toString(), "--output", tmp.resolve("x.tflite").toString(),
                    "--no-cache");
            assertEquals(1, r.exit(), r.toString());
            assertEquals("error: images folder " + empty + " needs at least two class sub-folders with images, found 0",
                    r.err().strip());
            CliRun missing = CliRun.of("retrain", "--images", tmp.resolve("nope").toString(), "--output",
                    tmp.resolve("x.tflite").toString(), "--no-cache");
            assertEquals("error: images folder " + tmp.resolve("nope") + " is not a folder", missing.err().strip());
            assertFalse(Files.exists(tmp.resolve("x.tflite")));
        } finally {
            restore("mobilenet4j.cache", cache);
            restore("mobilenet4j.mirror", mirror);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
