package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mobilenet4j.TestData;

/**
 * {@code embed} on every image model in ../shared/models: one JSON line per image, and the same picture
 * resized is nearer (cosine) than a different picture; over a folder with a corrupt file and a FIFO in it: a
 * row per input in order (error rows for the bad ones), exit 1, in csv, json and jsonl.
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

    private static final String SMALL = "models/tflite-support/mobilenet_v1_0.25_224_quant.tflite";

    /** The names in the folder {@link #mixedFolder} makes, in the order a run lists them (sorted). */
    private static final List<String> NAMES = List.of("a.jpg", "b.bmp", "c.png", "d-fifo.jpeg", "e.bmp");

    /**
     * A folder of two pictures, a file named as a PNG that is not one, a FIFO named as a JPEG (reading it would
     * block forever), the resized cat, and a text file the folder walk skips.
     */
    private static Path mixedFolder(Path tmp) throws Exception {
        Files.copy(TestData.file("images/burger.jpg"), tmp.resolve("a.jpg"));
        Files.copy(TestData.file("images/cat.bmp"), tmp.resolve("b.bmp"));
        Files.writeString(tmp.resolve("c.png"), "not a png");
        Process p = new ProcessBuilder("mkfifo", tmp.resolve("d-fifo.jpeg").toString()).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo unavailable");
        Files.copy(TestData.file("images/resized_cat.bmp"), tmp.resolve("e.bmp"));
        Files.writeString(tmp.resolve("notes.txt"), "not an image");
        return tmp;
    }

    private static CliRun embed(Path folder, String... options) {
        List<String> args = new ArrayList<>(List.of("embed", "--model", TestData.file(SMALL).toString(),
                "--workers", "2"));
        args.addAll(List.of(options));
        args.add(folder.toString());
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The error rows of the corrupt file and the FIFO, in their places: the others' rows are there. */
    private static void assertErrorRow(String name, String error) {
        if (name.equals("c.png")) {
            assertTrue(error.startsWith("cannot decode image ") && error.contains("c.png"), error);
        } else {
            assertTrue(error.contains("d-fifo.jpeg") && error.contains("is not a regular file"), error);
        }
        assertFalse(error.contains("Exception"), error);
    }

    private static String unquote(String cell) {
        if (!cell.startsWith("\"")) {
            assertFalse(cell.contains(",") || cell.contains("\""), "unquoted: " + cell);
            return cell;
        }
        assertTrue(cell.endsWith("\"") && cell.length() >= 2, cell);
        String inner = cell.substring(1, cell.length() - 1);
        assertFalse(inner.replace("\"\"", "").contains("\""), "a lone quote inside: " + cell);
        return inner.replace("\"\"", "\"");
    }

    @Test
    void csvOfAFolderWithACorruptFileAndAFifoHasARowPerInputInOrder(@TempDir Path tmp) throws Exception {
        Path folder = mixedFolder(tmp);
        CliRun r = embed(folder, "--l2-normalize", "--format", "csv");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("2 of 5 input(s) failed"), r.err());
        List<String> rows = r.out().lines().toList();
        assertEquals(1 + NAMES.size(), rows.size(), r.out());
        List<String> header = List.of(rows.get(0).split(",", -1));
        assertEquals(1 + 256 + 1, header.size());
        assertEquals(List.of("image", "e0", "e1"), header.subList(0, 3));
        assertEquals(List.of("e255", "error"), header.subList(256, 258));
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            // paths and values hold no comma; the error cell, last, may (quoted as RFC 4180 says)
            String[] cells = rows.get(1 + i).split(",", header.size());
            assertEquals(header.size(), cells.length, rows.get(1 + i));
            assertEquals(folder.resolve(name).toString(), cells[0]);
            String error = unquote(cells[cells.length - 1]);
            if (name.equals("c.png") || name.equals("d-fifo.jpeg")) {
                assertErrorRow(name, error);
                assertEquals("", cells[1]);
                continue;
            }
            assertEquals("", error, name);
            double norm = 0;
            for (int k = 1; k <= 256; k++) {
                norm += Math.pow(Double.parseDouble(cells[k]), 2);
            }
            assertEquals(1.0, norm, 1e-4, name + " with --l2-normalize");
        }
    }

    @Test
    void jsonIsOneArrayAndJsonlTheSameObjectsOnePerLine(@TempDir Path tmp) throws Exception {
        Path folder = mixedFolder(tmp);
        CliRun json = embed(folder, "--format", "json");
        assertEquals(1, json.exit(), json.toString());
        JsonArray rows = JsonParser.parseString(json.out()).getAsJsonArray();
        assertEquals(NAMES.size(), rows.size(), json.out());
        CliRun jsonl = embed(folder, "--format", "jsonl");
        assertEquals(1, jsonl.exit(), jsonl.toString());
        List<String> lines = jsonl.out().lines().toList();
        assertEquals(NAMES.size(), lines.size(), jsonl.out());
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            JsonObject o = rows.get(i).getAsJsonObject();
            assertEquals(o, JsonParser.parseString(lines.get(i)).getAsJsonObject(), "jsonl line " + i);
            assertEquals(folder.resolve(name).toString(), o.get("image").getAsString());
            if (name.equals("c.png") || name.equals("d-fifo.jpeg")) {
                assertErrorRow(name, o.get("error").getAsString());
                assertFalse(o.has("embedding"), o.toString());
                continue;
            }
            assertFalse(o.has("error"), o.toString());
            assertEquals("MobilenetV1/Logits/AvgPool_1a/AvgPool", o.get("layer").getAsString());
            assertEquals(256, values(o).length);
        }
        // the cat is nearer its resized copy than the burger is
        float[] cat = values(rows.get(1).getAsJsonObject());
        assertTrue(cosine(cat, values(rows.get(4).getAsJsonObject()))
                > cosine(cat, values(rows.get(0).getAsJsonObject())));
    }

    @Test
    void quantizeWritesTheInt8OfTheNormalizedFloats(@TempDir Path tmp) throws Exception {
        Path folder = mixedFolder(tmp);
        List<String> floats = embed(folder, "--l2-normalize", "--format", "jsonl").out().lines().toList();
        List<String> ints = embed(folder, "--l2-normalize", "--quantize", "--format", "jsonl").out().lines().toList();
        assertEquals(NAMES.size(), ints.size());
        JsonArray f = JsonParser.parseString(floats.get(0)).getAsJsonObject().getAsJsonArray("embedding");
        JsonArray q = JsonParser.parseString(ints.get(0)).getAsJsonObject().getAsJsonArray("embedding");
        assertEquals(f.size(), q.size());
        int nonZero = 0;
        for (int i = 0; i < q.size(); i++) {
            assertEquals(q.get(i).getAsString(), Integer.toString(q.get(i).getAsInt()), "an integer: " + q.get(i));
            int expected = Math.max(-128, Math.min(127, Math.round(f.get(i).getAsFloat() * 128)));
            assertEquals(expected, q.get(i).getAsInt(), "value " + i);
            nonZero += expected != 0 ? 1 : 0;
        }
        assertTrue(nonZero > 10, "most values are not rounded to 0: " + nonZero);
        assertTrue(JsonParser.parseString(ints.get(2)).getAsJsonObject().has("error"));
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
