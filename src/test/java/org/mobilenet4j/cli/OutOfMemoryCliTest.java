package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM given too small a heap for the work fails as any input does: "error: out of memory ..." with the heap
 * it had and how to give it more, exit 1, and the JSON error object when JSON was asked for; it had been a
 * picocli pass-through ("Exception in thread "main" java.lang.OutOfMemoryError" and a stack trace, stdout
 * empty under --json). Run in a child JVM with a 64 MB heap: info builds v1's 100000-class classifier
 * (400 MB of weights).
 */
class OutOfMemoryCliTest {

    @Test
    void outOfMemoryIsAnErrorLineAndJsonNotAStackTrace(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "info", "--arch", "v1", "--classes", "100000", "--json")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
        assertTrue(stderr.startsWith("error: out of memory: the Java heap ("), stderr);
        JsonObject o = JsonParser.parseString(stdout).getAsJsonObject();
        assertTrue(o.get("error").getAsString().contains("-Xmx"), stdout);
        assertEquals(1, o.get("exitCode").getAsInt());
    }
}
