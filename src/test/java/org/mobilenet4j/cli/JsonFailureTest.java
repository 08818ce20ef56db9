package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;

/** A command asked for JSON that fails as a whole still prints valid JSON, with the words of stderr's error. */
class JsonFailureTest {
    private static final String MODEL = "models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite";

    @TempDir
    Path dir;

    private static String model() {
        return TestData.file(MODEL).toString();
    }

    private static String image() {
        return TestData.file("datasets/mlts-openimages/image-0.jpeg").toString();
    }

    /** The stdout of a failed run parsed as one JSON object, checked against the exit code and stderr. */
    private static JsonObject errorObject(CliRun r, int exit) {
        assertEquals(exit, r.exit(), r.toString());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(exit, o.get("exitCode").getAsInt(), r.toString());
        String message = o.get("error").getAsString();
        assertTrue(r.err().lines().anyMatch(l -> l.equals("error: " + message)), r.toString());
        return o;
    }

    @Test
    void classifyWithATruncatedModel() throws Exception {
        Path cut = dir.resolve("cut.tflite");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(TestData.file(MODEL)), 1000));
        JsonObject o = errorObject(CliRun.of("classify", "--model", cut.toString(), "--json", image()), 1);
        assertTrue(o.get("error").getAsString().startsWith("cut.tflite is corrupt or truncated: "), o.toString());
    }

    @Test
    void classifyWithAMissingLabelsFileAsJsonLines() {
        Path missing = dir.resolve("no-labels.txt");
        CliRun r = CliRun.of("classify", "--model", model(), "--labels", missing.toString(), "--format", "jsonl",
                image());
        assertEquals(1, r.out().lines().count(), r.toString());
        assertTrue(errorObject(r, 1).get("error").getAsString().contains(missing.toString()), r.toString());
    }

    @Test
    void embedWithAnUnknownLayer() {
        JsonObject o = errorObject(CliRun.of("embed", "--model", model(), "--json", "--layer", "nope", image()), 1);
        assertTrue(o.get("error").getAsString().contains("'nope'"), o.toString());
    }

    @Test
    void usageErrorFoundWhileRunning() {
        JsonObject o = errorObject(CliRun.of("classify", "--model", model(), "--json", "--backend", "foo", image()), 2);
        assertTrue(o.get("error").getAsString().startsWith("--backend: unknown backend 'foo'"), o.toString());
    }

    @Test
    void usageErrorThatStopsTheParseBeforeJson() {
        JsonObject o = errorObject(CliRun.of("classify", "--top", "abc", "--json", "--model", model(), image()), 2);
        assertTrue(o.get("error").getAsString().contains("--top"), o.toString());
    }

    @Test
    void withoutJsonStdoutStaysEmpty() {
        CliRun r = CliRun.of("embed", "--model", model(), "--format", "csv", "--layer", "nope", image());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: "), r.err());
    }
}
