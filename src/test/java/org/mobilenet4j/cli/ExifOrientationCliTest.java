package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.vision.ExifJpegs;

/**
 * A photo stored upside down with an EXIF Orientation of 3 (turn 180°) is classified as a viewer shows it: like
 * the upright photo (the shared data's burger, whose asserted top-1 is 934 "cheeseburger"), unless
 * {@code --no-exif-orientation} asks for the stored pixels.
 */
class ExifOrientationCliTest {
    private static final String MODEL = "models/tflite-support/mobilenet_v1_0.25_224_quant.tflite";

    @TempDir
    Path dir;

    /** Top-1 index of each file, from {@code classify --format json}. */
    private static List<Integer> top1(String... args) {
        List<String> all = new ArrayList<>(List.of("classify", "--model", TestData.file(MODEL).toString(), "--top",
                "1", "--format", "json"));
        all.addAll(List.of(args));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        List<Integer> out = new ArrayList<>();
        for (var row : JsonParser.parseString(r.out()).getAsJsonArray()) {
            JsonObject first = row.getAsJsonObject().getAsJsonArray("results").get(0).getAsJsonObject();
            out.add(first.get("index").getAsInt());
        }
        return out;
    }

    @Test
    void anUpsideDownPhotoTaggedThreeIsClassifiedAsTheUprightOne() throws Exception {
        Path upright = TestData.file("images/burger.jpg");
        Path stored = TestData.file("images/burger_rotation180.jpg");
        Path tagged = dir.resolve("burger_rotation180_exif3.jpg");
        Files.write(tagged, ExifJpegs.tagged(Files.readAllBytes(stored), 3, false, ExifJpegs.Layout.AFTER_JFIF));

        List<Integer> top = top1(upright.toString(), stored.toString(), tagged.toString());
        assertEquals(934, top.get(0), "upright burger: cheeseburger");
        assertNotEquals(934, top.get(1), "the stored upside-down pixels are not seen as a cheeseburger");
        assertEquals(934, top.get(2), "tagged 3: turned upright first");

        List<Integer> off = top1("--no-exif-orientation", tagged.toString(), stored.toString());
        assertEquals(off.get(1), off.get(0), "--no-exif-orientation classifies the stored pixels");
        assertTrue(CliRun.of("classify", "--help").out().contains("--no-exif-orientation"));
    }
}
