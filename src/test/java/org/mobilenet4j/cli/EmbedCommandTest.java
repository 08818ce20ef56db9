package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mobilenet4j.TestData;

/**
 * {@code embed} on every image model in ../shared/models: one JSON line per image, and the same picture
 * resized is nearer (cosine) than a different picture.
 */
class EmbedCommandTest {

    static Stream<String> models() throws IOException {
        Path root = TestData.file("models");
        try (Stream<Path> s = Files.walk(root)) {
            // the Coral head alone takes a 1024-vector, not an image
            return s.filter(p -> p.toString().endsWith(".tflite") && !p.toString().contains("head_layers"))
                    .map(p -> root.relativize(p).toString()).sorted().toList().stream();
        }
    }

    private static float[] values(JsonObject o) {
        JsonArray a = o.getAsJsonArray("embedding");
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsFloat();
            assertTrue(Float.isFinite(v[i]), o.get("image") + ": value " + i + " is " + v[i]);
        }
        return v;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyModel(String model) {
        // XNNPACK's 2022 snapshot has no uint8 -> int8 requantize, which this TF2 model starts with
        String backend = model.contains("tf2_") ? "openblas" : "xnnpack";
        String out = InfoCommandTest.run(0, "embed", "--model", TestData.file("models/" + model).toString(),
                "--backend", backend, "--format", "jsonl", TestData.file("images/cat.bmp").toString(),
                TestData.file("images/resized_cat.bmp").toString(), TestData.file("images/burger.jpg").toString());
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        float[] cat = values(JsonParser.parseString(lines.get(0)).getAsJsonObject());
        float[] resized = values(JsonParser.parseString(lines.get(1)).getAsJsonObject());
        float[] burger = values(JsonParser.parseString(lines.get(2)).getAsJsonObject());
        assertTrue(cat.length >= 256, "dimension " + cat.length);
        double same = cosine(cat, resized);
        double other = cosine(cat, burger);
        System.out.printf("embed %s: dimension %d, cat~resized cat %.3f, cat~burger %.3f%n", model, cat.length, same,
                other);
        assertTrue(same > other, "cat~resized cat " + same + " <= cat~burger " + other);
    }

    @Test
    void csvOfADirectoryAndABrokenImage(@TempDir Path tmp) throws IOException {
        Files.copy(TestData.file("images/burger.jpg"), tmp.resolve("a.jpg"));
        Files.copy(TestData.file("images/cat.bmp"), tmp.resolve("b.bmp"));
        Files.writeString(tmp.resolve("notes.txt"), "not an image");
        Files.writeString(tmp.resolve("c.png"), "not a png either");
        String model = TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite").toString();
        String err = InfoCommandTest.run(1, "embed", "--model", model, "--l2-normalize", "--format", "csv",
                tmp.toString());
        assertTrue(err.contains("c.png"), err);
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(1, cl.execute("embed", "--model", model, "--l2-normalize", "--format", "csv", tmp.toString()));
        List<String> rows = out.toString().lines().toList();
        assertEquals(3, rows.size(), out.toString());
        assertEquals(257, rows.get(0).split(",").length);
        assertTrue(rows.get(1).startsWith("\"" + tmp.resolve("a.jpg") + "\","), rows.get(1));
        assertTrue(rows.get(2).startsWith("\"" + tmp.resolve("b.bmp") + "\","), rows.get(2));
        double norm = 0;
        String[] f = rows.get(1).split(",");
        for (int i = 1; i < f.length; i++) {
            norm += Math.pow(Double.parseDouble(f[i]), 2);
        }
        assertEquals(1.0, norm, 1e-4);
    }

    @Test
    void usageErrors() {
        String model = TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite").toString();
        String image = TestData.file("images/burger.jpg").toString();
        assertTrue(InfoCommandTest.run(2, "embed", "--model", model, image).contains("--format"));
        assertTrue(InfoCommandTest.run(2, "embed", "--model", model, "--format", "xml", image).contains("xml"));
        assertTrue(InfoCommandTest.run(1, "embed", "--model", model, "--layer", "nope", "--format", "csv", image)
                .contains("nope"));
    }
}
