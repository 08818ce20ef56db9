package org.mobilenet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.task.Labels;

class MobileNetClassifierTest {
    private static final String MODEL = "models/coral/mobilenet_v1_0.5_160_quant.tflite";
    /** Both sides run the same backend on the same pixels: scores may differ only by float rounding. */
    private static final double SCORE_TOLERANCE = 1e-6;

    private static Dataset<Row> binaryFiles(List<Path> images) {
        return SparkTests.spark().read().format("binaryFile").load(SparkTests.strings(images));
    }

    private static MobileNetClassifier classifier() {
        return new MobileNetClassifier().setModel(SparkTests.shared(MODEL).toString()).setInputCol("content");
    }

    /** path -> top-5 of each row (path as Spark writes it: file:/...). */
    private static Map<String, List<Row>> byPath(Dataset<Row> out, String column) {
        Map<String, List<Row>> m = new HashMap<>();
        for (Row r : out.select("path", column, "error").collectAsList()) {
            assertNull(r.get(2), () -> "error for " + r.getString(0) + ": " + r.get(2));
            m.put(r.getString(0), r.getList(1));
        }
        return m;
    }

    private static void assertSame(List<Classification> expected, List<Row> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int k = 0; k < expected.size(); k++) {
            Classification e = expected.get(k);
            Row a = actual.get(k);
            assertEquals(e.index(), a.getInt(0), what + " rank " + k);
            assertEquals(e.label(), a.getString(1), what + " rank " + k);
            assertEquals(e.score(), a.getFloat(2), SCORE_TOLERANCE, what + " rank " + k);
        }
    }

    @Test
    void binaryFileResultsEqualTheLibrarysClassify() {
        List<Path> images = SparkTests.evaluationImages();
        Map<String, List<Row>> spark = byPath(classifier().transform(binaryFiles(images)), "classes");
        assertEquals(images.size(), spark.size());
        assertSameAsLibrary(ImageClassifier.builder().model(SparkTests.shared(MODEL)), images, spark);
    }

    /** Each image's row in {@code spark} (by path) has the top 5 of the library's classifier built by {@code b}. */
    private static void assertSameAsLibrary(ImageClassifier.Builder b, List<Path> images, Map<String, List<Row>> spark) {
        try (ImageClassifier lib = b.maxResults(5).build()) {
            for (Path p : images) {
                assertSame(lib.classify(p), spark.get(p.toUri().toString().replace("file:///", "file:/")),
                        p.getFileName().toString());
            }
        }
    }

    @Test
    void imageSourceRowsGiveTheSameTopFive() {
        List<Path> images = SparkTests.evaluationImages(20);
        Dataset<Row> rows = SparkTests.spark().read().format("image").load(SparkTests.strings(images));
        Dataset<Row> out = new MobileNetClassifier().setModel(SparkTests.shared(MODEL).toString()).setTopK(5)
                .transform(rows);
        try (ImageClassifier lib = ImageClassifier.builder().model(SparkTests.shared(MODEL)).maxResults(5).build()) {
            for (Row r : out.select("image.origin", "classes", "error").collectAsList()) {
                assertNull(r.get(2));
                Path p = Path.of(URI.create(r.getString(0)));
                assertSame(lib.classify(p), r.getList(1), p.getFileName().toString());
            }
        }
    }

    @Test
    void corruptImageGivesAnErrorForItsRowOnly(@TempDir Path dir) throws IOException {
        Path good = SparkTests.evaluationImages(1).get(0);
        Files.copy(good, dir.resolve("good.jpeg"));
        byte[] bytes = Files.readAllBytes(good);
        Files.write(dir.resolve("truncated.jpeg"), Arrays.copyOf(bytes, 200));
        Files.writeString(dir.resolve("notes.jpeg"), "not an image");
        Dataset<Row> files = SparkTests.spark().read().format("binaryFile").load(dir.toString());
        Map<String, Row> out = new HashMap<>();
        for (Row r : classifier().transform(files).select("path", "classes", "error").collectAsList()) {
            out.put(Path.of(URI.create(r.getString(0))).getFileName().toString(), r);
        }
        assertEquals(3, out.size());
        assertNull(out.get("good.jpeg").get(2));
        assertEquals(5, out.get("good.jpeg").getList(1).size());
        for (String bad : List.of("truncated.jpeg", "notes.jpeg")) {
            assertNull(out.get(bad).get(1), bad);
            String error = out.get(bad).getString(2);
            assertNotNull(error, bad);
            assertTrue(error.contains("decode") && error.contains(bad), bad + ": " + error);
        }
        // Spark's image source marks what it cannot decode; that row gets an error too
        Dataset<Row> images = SparkTests.spark().read().format("image").option("dropInvalid", false).load(dir.toString());
        List<Row> rows = new MobileNetClassifier().setModel(SparkTests.shared(MODEL).toString()).transform(images)
                .select("image.origin", "error").collectAsList();
        assertEquals(3, rows.size());
        assertEquals(2, rows.stream().filter(r -> r.get(1) != null).count(), rows.toString());
    }

    @Test
    void loadsTheModelOncePerJvmForAllPartitionsAndJobs() {
        List<Path> images = SparkTests.evaluationImages(16);
        MobileNetClassifier c = classifier().setTopK(3).setCrop(0.875);
        int before = ExecutorModels.loads();
        Dataset<Row> out = c.transform(binaryFiles(images).repartition(8));
        assertEquals(16, out.filter("error is null").count());
        assertEquals(16, c.transform(binaryFiles(images).repartition(4)).count());
        assertEquals(before + 1, ExecutorModels.loads(), "one load for 8 + 4 partitions of two jobs");
        // what the executor's shutdown does: close every model; a later job loads its model again
        ExecutorModels.closeAll();
        assertEquals(16, c.transform(binaryFiles(images)).filter("error is null").count());
        assertEquals(before + 2, ExecutorModels.loads());
    }

    @Test
    void savedAndReloadedPipelineGivesTheSameOutput(@TempDir Path dir) throws IOException {
        List<Path> images = SparkTests.evaluationImages(12);
        Dataset<Row> files = binaryFiles(images);
        Path labels = numberedLabels(dir, 1001);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {
            classifier().setTopK(3).setCrop(0.875).setOutputCol("top3").setLabels(labels.toString()).setInFlight(3)
                    .setNumThreads(2).setBackend("xnnpack")}).fit(files);
        String path = dir.resolve("pipeline").toString();
        fitted.save(path);
        PipelineModel loaded = PipelineModel.load(path);
        MobileNetClassifier stage = (MobileNetClassifier) loaded.stages()[0];
        assertEquals(3, stage.getTopK());
        assertEquals("top3", stage.getOutputCol());
        assertEquals(labels.toString(), stage.getLabels());
        assertEquals(3, stage.getInFlight());
        assertEquals(2, stage.getNumThreads());
        assertEquals("xnnpack", stage.getBackend());
        assertEquals(0.875, stage.getCrop());
        assertEquals(byPath(fitted.transform(files), "top3"), byPath(loaded.transform(files), "top3"));
        MobileNetClassifier alone = classifier().setTopK(2);
        alone.save(dir.resolve("alone").toString());
        assertEquals(2, MobileNetClassifier.load(dir.resolve("alone").toString()).getTopK());
    }

    /** A labels file "class-0" ... "class-(n-1)". */
    private static Path numberedLabels(Path dir, int n) throws IOException {
        Path f = dir.resolve("labels-" + n + ".txt");
        Files.write(f, IntStream.range(0, n).mapToObj(i -> "class-" + i).toList());
        return f;
    }

    @Test
    void labelsComeFromTheLabelsFileElseTheMetadataElseBesideTheModel(@TempDir Path dir) throws IOException {
        List<Path> images = SparkTests.evaluationImages(6);
        Dataset<Row> files = binaryFiles(images);
        Path labels = numberedLabels(dir, 1001);
        Map<String, List<Row>> relabelled = byPath(classifier().setLabels(labels.toString()).transform(files), "classes");
        Map<String, List<Row>> metadata = byPath(classifier().transform(files), "classes");
        assertEquals(images.size(), relabelled.size());
        relabelled.forEach((path, top) -> {
            for (int k = 0; k < top.size(); k++) {
                Row r = top.get(k);
                assertEquals("class-" + r.getInt(0), r.getString(1));
                assertEquals(metadata.get(path).get(k).getInt(0), r.getInt(0), "same classes, other labels");
                assertEquals(metadata.get(path).get(k).getFloat(2), r.getFloat(2));
            }
        });
        // the AOSP set's models have no labels in their metadata: the labels.txt beside them, as the CLI does
        Path aosp = SparkTests.shared("models/aosp-mlts/mobilenet_v1_0.5_160_quant.tflite");
        List<String> beside = Labels.read(aosp.resolveSibling("labels.txt"));
        Map<String, List<Row>> besideModel = byPath(new MobileNetClassifier().setModel(aosp.toString())
                .setInputCol("content").transform(files), "classes");
        for (List<Row> top : besideModel.values()) {
            for (Row r : top) {
                assertEquals(beside.get(r.getInt(0)), r.getString(1));
            }
        }
        // a file with another number of labels fails on the driver, naming it and both counts
        Path short1000 = numberedLabels(dir, 1000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> classifier().setLabels(short1000.toString()).transform(files));
        assertTrue(e.getMessage().contains(short1000.toString()) && e.getMessage().contains("1000 labels")
                && e.getMessage().contains("1001 outputs"), e.getMessage());
    }

    /** Coral's v1 1.0/224 embedding extractor + its classifier head: the library's backbone + head, row by row. */
    @Test
    void headRunsAfterTheModelAsInTheLibrary() {
        List<Path> images = SparkTests.evaluationImages(4);
        Path extractor = SparkTests.shared("models/coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite");
        Path head = SparkTests.shared("models/coral/mobilenet_quant_v1_224_head_layers.tflite");
        Map<String, List<Row>> spark = byPath(new MobileNetClassifier().setModel(extractor.toString())
                .setHead(head.toString()).setInputCol("content").transform(binaryFiles(images)), "classes");
        assertSameAsLibrary(ImageClassifier.builder().model(extractor).head(head), images, spark);
    }

    /**
     * A catalog name instead of a path: the driver takes the model, the head and the labels the catalog lists for
     * it from the model cache (filled here from ../shared under the catalog's file names; the mirror is a closed
     * port, so anything not found in the cache fails instead of being downloaded).
     */
    @Test
    void catalogNameBringsItsHeadAndLabels(@TempDir Path cache) throws IOException {
        Path extractor = SparkTests.shared("models/coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite");
        Path head = SparkTests.shared("models/coral/mobilenet_quant_v1_224_head_layers.tflite");
        Path labels = SparkTests.shared("models/tflite-support/labels.txt");
        Files.copy(extractor, cache.resolve("mobilenet_v1_1.0_224_quant.tflite"));
        Files.copy(head, cache.resolve("mobilenet_v1_1.0_224_quant_head.tflite"));
        Files.copy(labels, cache.resolve("imagenet_labels.txt"));
        List<Path> images = SparkTests.evaluationImages(4);
        System.setProperty("mobilenet4j.cache", cache.toString());
        System.setProperty("mobilenet4j.mirror", "http://127.0.0.1:9/");
        try {
            Map<String, List<Row>> spark = byPath(new MobileNetClassifier().setModel("mobilenet_v1_1.0_224_quant")
                    .setInputCol("content").transform(binaryFiles(images)), "classes");
            assertSameAsLibrary(ImageClassifier.builder().model(extractor).head(head).labels(labels), images, spark);
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> new MobileNetClassifier().setModel("mobilenet_v9").setInputCol("content")
                            .transform(binaryFiles(images)));
            assertTrue(unknown.getMessage().contains("no file and no catalog model named 'mobilenet_v9'"),
                    unknown.getMessage());
        } finally {
            System.clearProperty("mobilenet4j.cache");
            System.clearProperty("mobilenet4j.mirror");
        }
    }

    @Test
    void rowsKeepTheirOrderWhateverTheImagesInFlight() {
        List<Path> images = SparkTests.evaluationImages(24);
        // cached: every job below reads the same 3 partitions in the same order
        Dataset<Row> files = binaryFiles(images).repartition(3).cache();
        assertEquals(24, files.count());
        List<Row> expected = classifier().setInFlight(1).transform(files).select("path", "classes").collectAsList();
        for (int inFlight : new int[] {2, 5, 40}) {
            assertEquals(expected, classifier().setInFlight(inFlight).transform(files).select("path", "classes")
                    .collectAsList(), "inFlight " + inFlight);
        }
        assertEquals(files.select("path").collectAsList(), classifier().transform(files).select("path").collectAsList());
        files.unpersist();
    }

    @Test
    void badSettingsAreRejectedBeforeTheJobRuns() {
        Dataset<Row> files = binaryFiles(SparkTests.evaluationImages(1));
        IllegalArgumentException noColumn = assertThrows(IllegalArgumentException.class,
                () -> classifier().setInputCol("img").transform(files));
        assertTrue(noColumn.getMessage().contains("'img'"), noColumn.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> classifier().setInputCol("length").transform(files));
        assertTrue(wrongType.getMessage().contains("bigint"), wrongType.getMessage());
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> classifier().setModel("/nowhere/model.tflite").transform(files));
        assertTrue(noModel.getMessage().contains("/nowhere/model.tflite"), noModel.getMessage());
        assertThrows(IllegalArgumentException.class, () -> classifier().setTopK(0));
        assertThrows(IllegalArgumentException.class, () -> classifier().setCrop(0));
        assertThrows(IllegalArgumentException.class, () -> classifier().setBackend("gpu"));
        assertThrows(IllegalArgumentException.class, () -> classifier().setInFlight(0));
        IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class,
                () -> classifier().setLabels("/nowhere/labels.txt").transform(files));
        assertTrue(noLabels.getMessage().contains("labels file /nowhere/labels.txt"), noLabels.getMessage());
        IllegalArgumentException noHead = assertThrows(IllegalArgumentException.class,
                () -> classifier().setHead("/nowhere/head.tflite").transform(files));
        assertTrue(noHead.getMessage().contains("head file /nowhere/head.tflite"), noHead.getMessage());
    }
}
