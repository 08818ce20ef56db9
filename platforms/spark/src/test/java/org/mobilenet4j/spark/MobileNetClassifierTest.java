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
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;

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
        try (ImageClassifier lib = ImageClassifier.builder().model(SparkTests.shared(MODEL)).maxResults(5).build()) {
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
            assertTrue(error.contains("decode"), bad + ": " + error);
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
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {
            classifier().setTopK(3).setCrop(0.875).setOutputCol("top3")}).fit(files);
        String path = dir.resolve("pipeline").toString();
        fitted.save(path);
        PipelineModel loaded = PipelineModel.load(path);
        MobileNetClassifier stage = (MobileNetClassifier) loaded.stages()[0];
        assertEquals(3, stage.getTopK());
        assertEquals("top3", stage.getOutputCol());
        assertEquals(byPath(fitted.transform(files), "top3"), byPath(loaded.transform(files), "top3"));
        MobileNetClassifier alone = classifier().setTopK(2);
        alone.save(dir.resolve("alone").toString());
        assertEquals(2, MobileNetClassifier.load(dir.resolve("alone").toString()).getTopK());
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
    }
}
