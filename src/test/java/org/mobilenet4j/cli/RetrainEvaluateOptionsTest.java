package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.task.Labels;

/**
 * {@code retrain} and {@code evaluate} as a user meets them: bad option values are usage errors caught before any
 * work, --output and --report are checked first, a labels.txt retrain did not write survives, class sizes count
 * images that decode, and evaluate refuses class folders the model has no label for. Retraining is tiny: 2 classes of 4
 * images, imprinted.
 */
class RetrainEvaluateOptionsTest {
    private static final String EXTRACTOR = "models/coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite";
    private static final String IMAGENET_MODEL = "models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite";
    private static final String MLTS = "datasets/mlts-openimages/";
    private static final int PER_CLASS = 4;

    @TempDir
    static Path tmp;
    static Path images;

    @TempDir
    Path dir;

    /** daisy and roses, 4 flowers-128 images each, plus an undecodable roses/broken.jpg. */
    @BeforeAll
    static void tinyDataSet() throws IOException {
        Path flowers = TestData.file("datasets/flowers-128");
        images = tmp.resolve("flowers-tiny");
        for (String c : List.of("daisy", "roses")) {
            Files.createDirectories(images.resolve(c));
            try (Stream<Path> s = Files.list(flowers.resolve(c))) {
                for (Path f : s.sorted().limit(PER_CLASS).toList()) {
                    Files.copy(f, images.resolve(c).resolve(f.getFileName()));
                }
            }
        }
        Files.write(images.resolve("roses").resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
    }

    private static List<String> retrain(Path output, String... more) {
        List<String> a = new ArrayList<>(List.of("retrain", "--images", images.toString(), "--model",
                TestData.file(EXTRACTOR).toString(), "--output", output.toString(), "--cache",
                tmp.resolve("cache").toString(), "--imprint"));
        a.addAll(List.of(more));
        return a;
    }

    private static CliRun run(List<String> args) {
        return CliRun.of(args.toArray(new String[0]));
    }

    /** A usage error naming the option, with the help hint, that stopped before any embedding. */
    private static void assertUsageError(CliRun r, String command, String option) {
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: " + option), r.err());
        assertTrue(r.err().contains("see: mobilenet4j " + command + " --help"), r.err());
        assertFalse(r.err().contains("embedded"), "stopped before any work: " + r.err());
        assertEquals("", r.out());
    }

    @ParameterizedTest(name = "retrain {0} {1}")
    @CsvSource({
        "--epochs, 0", "--learning-rate, -1", "--learning-rate, NaN", "--batch-size, 0", "--weight-decay, -1",
        "--label-smoothing, 1", "--patience, -1", "--augment, -1", "--threads, 0", "--backend, foo",
        "--validation-percent, 150", "--test-percent, -1", "--optimizer, rmsprop"})
    void retrainRefusesBadValuesAsUsageErrors(String option, String value) {
        Path out = dir.resolve("out.tflite");
        CliRun r = run(retrain(out, option, value));
        assertUsageError(r, "retrain", option);
        assertFalse(Files.exists(out));
    }

    @Test
    void retrainRefusesNoCacheWithACacheFolder() {
        assertUsageError(run(retrain(dir.resolve("out.tflite"), "--no-cache")), "retrain", "--no-cache");
    }

    @Test
    void retrainRefusesPercentagesThatLeaveNoTrainingImages() {
        CliRun r = run(retrain(dir.resolve("out.tflite"), "--validation-percent", "60", "--test-percent", "40"));
        assertUsageError(r, "retrain", "--validation-percent + --test-percent");
    }

    @Test
    void retrainChecksOutputBeforeAnyWork() throws IOException {
        CliRun folder = run(retrain(dir));
        assertUsageError(folder, "retrain", "--output");
        assertTrue(folder.err().contains(dir + " is a folder"), folder.err());

        Path missing = dir.resolve("no").resolve("such");
        CliRun parent = run(retrain(missing.resolve("x.tflite")));
        assertUsageError(parent, "retrain", "--output");
        assertTrue(parent.err().contains(missing + " does not exist"), parent.err());
        assertFalse(Files.exists(dir.resolve("no")), "no folder created");

        Files.createDirectory(dir.resolve("x.labels.txt"));
        CliRun labels = run(retrain(dir.resolve("x.tflite")));
        assertUsageError(labels, "retrain", "--output");
        assertTrue(labels.err().contains(dir.resolve("x.labels.txt") + " is a folder"), labels.err());
    }

    @Test
    void retrainChecksReportBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("report.txt"), "a file");
        CliRun notFolder = run(retrain(dir.resolve("a.tflite"), "--report", file.toString()));
        assertUsageError(notFolder, "retrain", "--report");
        assertTrue(notFolder.err().contains(file + " is not a folder"), notFolder.err());
        assertFalse(Files.exists(dir.resolve("a.tflite")), "nothing written");

        Path missing = dir.resolve("no").resolve("such");
        CliRun parent = run(retrain(dir.resolve("b.tflite"), "--report", missing.resolve("report").toString()));
        assertUsageError(parent, "retrain", "--report");
        assertTrue(parent.err().contains("cannot create " + missing.resolve("report") + ": folder " + missing
                + " does not exist"), parent.err());
        assertFalse(Files.exists(dir.resolve("no")), "no folder created");
        assertFalse(Files.exists(dir.resolve("b.tflite")), "nothing written");
    }

    @Test
    void retrainLeavesALabelsTxtBesideItAloneAndCountsOnlyImagesThatDecode() throws IOException {
        Path shared = TestData.file("models/aosp-mlts/labels.txt");
        Path labelsTxt = Files.copy(shared, dir.resolve("labels.txt"));
        byte[] before = Files.readAllBytes(labelsTxt);
        Path out = dir.resolve("flowers.tflite");
        CliRun r = run(retrain(out, "--json"));
        assertEquals(0, r.exit(), r.toString());

        assertArrayEquals(before, Files.readAllBytes(labelsTxt), "labels.txt beside --output is untouched");
        Path own = dir.resolve("flowers.labels.txt");
        assertEquals(List.of("daisy", "roses"), Files.readAllLines(own));
        assertEquals(own.toString(), JsonParser.parseString(r.out()).getAsJsonObject().get("labelsFile")
                .getAsString());
        assertTrue(r.err().contains("class 'roses' has only " + PER_CLASS + " images (fewer than 20; 1 unreadable"),
                "counts images that decode, not files: " + r.err());
        assertTrue(r.err().contains("class 'daisy' has only " + PER_CLASS + " images (fewer than 20)"), r.err());

        Path daisy = Files.list(images.resolve("daisy")).sorted().findFirst().orElseThrow();
        CliRun c = CliRun.of("classify", "--model", out.toString(), "--json", "--top", "2", daisy.toString());
        assertEquals(0, c.exit(), c.toString());
        JsonArray results = JsonParser.parseString(c.out()).getAsJsonArray().get(0).getAsJsonObject()
                .getAsJsonArray("results");
        List<String> got = new ArrayList<>();
        results.forEach(e -> got.add(e.getAsJsonObject().get("label").getAsString()));
        assertEquals(List.of("daisy", "roses"), got.stream().sorted().toList(), "its own labels: " + c.out());
    }

    @Test
    void aModelsOwnLabelsListComesBeforeTheSharedLabelsTxt() throws IOException {
        Path model = Files.copy(TestData.file(IMAGENET_MODEL), dir.resolve("m.tflite"));
        List<String> imagenet = Labels.read(TestData.file("models/aosp-mlts/labels.txt"));
        Files.write(dir.resolve("labels.txt"), imagenet.stream().map(l -> "shared " + l).toList());
        Files.write(dir.resolve("m.labels.txt"), imagenet.stream().map(l -> "own " + l).toList());
        assertEquals(dir.resolve("m.labels.txt"), Labels.besideModel(model, imagenet.size()));
        CliRun r = CliRun.of("classify", "--model", model.toString(), "--top", "1", "--json",
                TestData.file(MLTS + "image-0.jpeg").toString());
        assertEquals(0, r.exit(), r.toString());
        String label = JsonParser.parseString(r.out()).getAsJsonArray().get(0).getAsJsonObject()
                .getAsJsonArray("results").get(0).getAsJsonObject().get("label").getAsString();
        assertTrue(label.startsWith("own "), label);

        Files.delete(dir.resolve("m.labels.txt"));
        assertEquals(dir.resolve("labels.txt"), Labels.besideModel(model, imagenet.size()), "else labels.txt");
    }

    @ParameterizedTest(name = "evaluate {0} {1}")
    @CsvSource({"--validation-percent, 150", "--test-percent, -1", "--split, bogus"})
    void evaluateRefusesBadSplitValuesAsUsageErrors(String option, String value) {
        CliRun r = CliRun.of("evaluate", "--model", TestData.file(IMAGENET_MODEL).toString(), "--images",
                images.toString(), option, value);
        assertUsageError(r, "evaluate", option);
    }

    @ParameterizedTest(name = "evaluate --ground-truth {0} {1}")
    @CsvSource({"--split, test", "--split, bogus", "--validation-percent, 20", "--test-percent, 10"})
    void evaluateRefusesSplitOptionsWithGroundTruth(String option, String value) {
        CliRun r = CliRun.of("evaluate", "--model", TestData.file(IMAGENET_MODEL).toString(),
                "--images", TestData.file(MLTS).toString(),
                "--ground-truth", TestData.file(MLTS + "ground_truth_labels.txt").toString(),
                "--labels", TestData.file("models/aosp-mlts/labels.txt").toString(), option, value);
        assertUsageError(r, "evaluate", option);
        assertTrue(r.err().contains("only to the class-folder layout"), r.err());
    }

    @Test
    void evaluateRefusesClassFoldersThatAreNoLabelOfTheModel() {
        List<String> labels = Labels.read(TestData.file("models/aosp-mlts/labels.txt"));
        Assumptions.assumeTrue(labels.contains("daisy") && !labels.contains("roses"), "the ImageNet labels");
        CliRun r = CliRun.of("evaluate", "--model", TestData.file(IMAGENET_MODEL).toString(), "--images",
                images.toString(), "--json");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("1 of the 2 class folders in " + images + " match no label of the model "
                + "(" + labels.size() + " labels): roses;"), r.err());
        assertFalse(r.out().contains("top1"), "no accuracy: " + r.out());
    }
}
