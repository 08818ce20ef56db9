package org.mobilenet4j.retrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.cli.Main;
import picocli.CommandLine;

/**
 * Retraining end to end on a small copy of flowers-128 (8 images per class, one corrupt file): cache reuse,
 * reproducible output file, exported model agrees with the head, and the CLI's retrain / evaluate / classify.
 */
class RetrainerTest {
    static final String EXTRACTOR = "models/coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite";
    private static final int PER_CLASS = 8;

    @TempDir
    static Path tmp;
    static Path images;
    static Path model;

    @BeforeAll
    static void smallDataSet() throws IOException {
        Path flowers = TestData.file("datasets/flowers-128");
        model = TestData.file(EXTRACTOR);
        images = tmp.resolve("flowers-small");
        for (String c : List.of("daisy", "dandelion", "roses", "sunflowers", "tulips")) {
            Files.createDirectories(images.resolve(c));
            try (Stream<Path> s = Files.list(flowers.resolve(c))) {
                for (Path f : s.sorted().limit(PER_CLASS).toList()) {
                    Files.copy(f, images.resolve(c).resolve(f.getFileName()));
                }
            }
        }
        Files.write(images.resolve("roses").resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
        Files.writeString(images.resolve("roses").resolve("notes.txt"), "not an image");
    }

    private static Retrainer.Builder retrainer(Path cache, List<String> log) {
        return Retrainer.builder().images(images).model(model).cache(cache).split(25, 25).threads(2)
                .training(TrainingOptions.DEFAULTS.withEpochs(30)).log(log::add);
    }

    @Test
    void cacheIsReusedCorruptFileSkippedSameSeedSameFile() {
        Path cache = tmp.resolve("cache1");
        List<String> log1 = new ArrayList<>();
        RetrainResult first = retrainer(cache, log1).build().run();
        assertEquals(5 * PER_CLASS, first.embedded());
        assertEquals(1, first.problems().size());
        assertTrue(first.problems().get(0).contains("broken.jpg"), first.problems().get(0));
        assertTrue(log1.stream().anyMatch(l -> l.startsWith("skipped ") && l.contains("broken.jpg")));
        assertTrue(log1.stream().anyMatch(l -> l.contains("'roses' has only " + PER_CLASS + " images")),
                "few-images warning, counting the images that decode: " + String.join("\n", log1));
        assertTrue(log1.stream().anyMatch(l -> l.startsWith("0 embeddings from cache")), String.join("\n", log1));

        List<String> log2 = new ArrayList<>();
        RetrainResult second = retrainer(cache, log2).build().run();
        assertTrue(log2.stream().anyMatch(l -> l.startsWith(5 * PER_CLASS + " embeddings from cache, 0 computed")),
                String.join("\n", log2));
        assertArrayEquals(first.tfliteBytes(), second.tfliteBytes(), "same seed, same data: the same file");

        List<String> log3 = new ArrayList<>();
        RetrainResult other = retrainer(cache, log3)
                .training(TrainingOptions.DEFAULTS.withEpochs(30).withLearningRate(0.003)).build().run();
        assertTrue(log3.stream().anyMatch(l -> l.startsWith(5 * PER_CLASS + " embeddings from cache")),
                "a new learning rate only retrains");
        assertFalse(java.util.Arrays.equals(first.tfliteBytes(), other.tfliteBytes()));
    }

    @Test
    void exportedModelClassifiesAsTheHeadWithItsMetadataLabels() throws IOException {
        RetrainResult r = retrainer(tmp.resolve("shared-cache"), new ArrayList<>()).build().run();
        Path out = Files.createDirectories(tmp.resolve("out")).resolve("flowers.tflite");
        Path labels = r.export(out);
        assertEquals(out.resolveSibling("flowers.labels.txt"), labels);
        assertEquals(List.of("daisy", "dandelion", "roses", "sunflowers", "tulips"), Files.readAllLines(labels));
        assertFalse(r.testPredictions().isEmpty());
        try (ImageClassifier c = ImageClassifier.builder().model(out).maxResults(5).build()) {
            for (Prediction p : r.testPredictions()) {
                List<Classification> got = c.classify(p.image().file());
                assertEquals(r.labels().get(p.predicted()), got.get(0).label(), "labels from the metadata");
                for (Classification k : got) {
                    assertEquals(p.probabilities()[k.index()], k.score(), 1e-5, p.image().file() + " class " + k.index());
                }
            }
        }
    }

    @Test
    void augmentedVariantsBypassTheCacheAndAreReproducible() {
        List<String> log = new ArrayList<>();
        RetrainResult a = retrainer(tmp.resolve("shared-cache"), log).augment(1).build().run();
        RetrainResult b = retrainer(tmp.resolve("shared-cache"), new ArrayList<>()).augment(1).build().run();
        long train = ImageFolder.scan(images, 25, 25, s -> { }).images(Split.TRAIN).stream()
                .filter(i -> !i.file().getFileName().toString().equals("broken.jpg")).count();
        assertTrue(log.stream().anyMatch(l -> l.startsWith(train + " augmented training variants")),
                String.join("\n", log));
        assertArrayEquals(a.tfliteBytes(), b.tfliteBytes(), "seeded variants: the same file");
    }

    @Test
    void quantizedHeadIsIntegerAndScoresCloseToTheFloatHead() throws IOException {
        RetrainResult r = retrainer(tmp.resolve("shared-cache"), new ArrayList<>()).quantize(true).build().run();
        org.mobilenet4j.graph.Graph g = r.classifier();
        assertEquals(org.mobilenet4j.graph.DataType.UINT8, g.outputType(0).dataType());
        assertTrue(g.nodes().stream().noneMatch(n -> n.op() instanceof org.mobilenet4j.graph.Op.Dequantize),
                "integer from input to output");
        Path out = Files.createDirectories(tmp.resolve("quantized")).resolve("flowers.tflite");
        r.export(out);
        try (ImageClassifier c = ImageClassifier.builder().model(out).maxResults(5).build()) {
            for (Prediction p : r.testPredictions()) {
                for (Classification k : c.classify(p.image().file())) {
                    // 1/256 output steps plus the logits' own rounding
                    assertEquals(p.probabilities()[k.index()], k.score(), 0.03, p.image().file() + " " + k.label());
                }
            }
        }
    }

    @Test
    void imprintingFromAFewImagesBeatsChance() {
        RetrainResult r = retrainer(tmp.resolve("shared-cache"), new ArrayList<>()).imprint(true).build().run();
        assertTrue(r.trained().history().isEmpty());
        assertTrue(r.testAccuracy() > 0.4, "chance is 0.2: " + r.summary());
    }

    /** A command line as a user runs it: exit code, stdout, stderr. */
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void cliRetrainThenEvaluateReproducesTheAccuracyAndClassifyShowsTheLabels() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("cli")).resolve("flowers.tflite");
        Path report = tmp.resolve("cli").resolve("report");
        String[] r = run("retrain", "--images", images.toString(), "--model", model.toString(), "--output",
                out.toString(), "--cache", tmp.resolve("shared-cache").toString(), "--epochs", "30",
                "--validation-percent", "25", "--test-percent", "25", "--json", "--report", report.toString());
        assertEquals("0", r[0], r[2]);
        JsonObject o = JsonParser.parseString(r[1]).getAsJsonObject();
        assertEquals(1, o.getAsJsonArray("skipped").size());
        double accuracy = o.get("testAccuracy").getAsDouble();
        for (String png : List.of("loss.png", "accuracy.png", "confusion.png", "worst.png")) {
            assertTrue(javax.imageio.ImageIO.read(report.resolve(png).toFile()).getWidth() > 100, png);
        }

        String[] e = run("evaluate", "--model", out.toString(), "--images", images.toString(), "--split", "test",
                "--validation-percent", "25", "--test-percent", "25", "--json");
        assertEquals("0", e[0], e[2]);
        JsonObject eo = JsonParser.parseString(e[1]).getAsJsonObject();
        assertEquals(o.get("testImages").getAsInt(), eo.get("count").getAsInt());
        assertEquals(accuracy, eo.get("top1").getAsDouble(), 1e-9, "evaluate reproduces retrain's test accuracy");

        Path daisy = Files.list(images.resolve("daisy")).sorted().findFirst().orElseThrow();
        String[] c = run("classify", "--model", out.toString(), "--top", "5", daisy.toString());
        assertEquals("0", c[0], c[2]);
        for (String label : List.of("daisy", "dandelion", "roses", "sunflowers", "tulips")) {
            assertTrue(c[1].contains(label), c[1]);
        }

        String[] bad = run("retrain", "--images", tmp.resolve("nowhere").toString(), "--model", model.toString(),
                "--output", out.toString());
        assertEquals("1", bad[0]);
        assertTrue(bad[2].contains("nowhere"), bad[2]);
        assertEquals("2", run("retrain", "--images", images.toString())[0], "usage error");
    }

    @Test
    void anEmptyTestSplitGivesNoAccuracyRatherThanZero() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("no-test")).resolve("flowers.tflite");
        String[] args = {"retrain", "--images", images.toString(), "--model", model.toString(), "--output",
            out.toString(), "--cache", tmp.resolve("shared-cache").toString(), "--imprint", "--test-percent", "0"};
        String[] text = run(args);
        assertEquals("0", text[0], text[2]);
        assertTrue(text[1].contains("no test images: no test accuracy") && !text[1].contains("test accuracy 0"),
                text[1]);
        String[] json = run(Stream.concat(Stream.of(args), Stream.of("--json")).toArray(String[]::new));
        assertEquals("0", json[0], json[2]);
        JsonObject o = JsonParser.parseString(json[1]).getAsJsonObject();
        assertEquals(0, o.get("testImages").getAsInt());
        assertTrue(o.get("testAccuracy").isJsonNull(), "as evaluate's top1 over no images: " + o.get("testAccuracy"));
    }
}
