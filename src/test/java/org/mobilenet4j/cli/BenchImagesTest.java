package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;

/** {@code bench --images}: no rate without images, and no Infinity, NaN or -1 standing in for a measure. */
class BenchImagesTest {
    private static final String MODEL = "models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite";

    @TempDir
    Path dir;

    private static CliRun bench(String images, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bench", "--model",
                TestData.file(MODEL).toString(), "--images", images, "--warmup", "0"));
        args.addAll(java.util.List.of(more));
        return CliRun.of(args.toArray(new String[0]));
    }

    @Test
    void anEmptyFolderIsAnError() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CliRun r = bench(empty.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals("error: no images found in " + empty, r.err().strip());
        CliRun json = bench(empty.toString(), "--json");
        assertEquals("no images found in " + empty,
                JsonParser.parseString(json.out()).getAsJsonObject().get("error").getAsString(), json.toString());
    }

    @Test
    void oneImageGivesOnlyRealNumbersOrNulls() {
        String image = TestData.file("datasets/mlts-openimages/image-0.jpeg").toString();
        CliRun r = bench(image, "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(1, o.get("images").getAsInt());
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber()) {
                double v = e.getValue().getAsDouble();
                assertTrue(Double.isFinite(v) && v >= 0, e.getKey() + " = " + v);
            }
        }
        // fewer than 1000 images: nothing was measured after 1000
        assertTrue(o.get("rssMbAfter1000").isJsonNull(), r.out());
        assertTrue(o.get("liveHeapMbAfter1000").isJsonNull(), r.out());
        CliRun text = bench(image);
        assertEquals(0, text.exit(), text.toString());
        assertFalse(text.out().matches("(?s).*(Infinity|NaN|-1 MB|after 1000).*"), text.out());
    }
}
