package org.mobilenet4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.crc32;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.task.ImageEmbedder;

class MobileNetEmbedderTest {
    /** Full-size v1 1.0/224 uint8 up to the global average pool: 1024 values per image. */
    private static final String EXTRACTOR = "models/coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite";

    @Test
    void arrayAndVectorColumnsEqualTheLibrarysEmbeddings() {
        List<Path> images = SparkTests.evaluationImages(8);
        Dataset<Row> files = SparkTests.spark().read().format("binaryFile").load(SparkTests.strings(images));
        Dataset<Row> out = new MobileNetEmbedder().setModel(SparkTests.shared(EXTRACTOR).toString())
                .setInputCol("content").setVectorCol("features").setL2Normalize(true).transform(files);
        List<Row> rows = out.select("path", "embedding", "features", "error").collectAsList();
        assertEquals(images.size(), rows.size());
        try (ImageEmbedder lib = ImageEmbedder.builder().model(ModelSource.of(SparkTests.shared(EXTRACTOR)))
                .l2Normalize(true).build()) {
            for (Row r : rows) {
                assertNull(r.get(3));
                float[] expected = lib.embed(Path.of(URI.create(r.getString(0)))).values();
                List<Float> array = r.getList(1);
                Vector vector = (Vector) r.get(2);
                assertEquals(1024, expected.length);
                assertEquals(expected.length, array.size());
                assertEquals(expected.length, vector.size());
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], array.get(i), 1e-6f);
                    assertEquals(expected[i], vector.apply(i), 1e-6);
                }
            }
        }
    }

    /** v1 0.75/192 uint8 classifier: its embedding is the input of the 1x1 logits layer, 768 values. */
    private static final String CLASSIFIER = "models/coral/mobilenet_v1_0.75_192_quant.tflite";

    /**
     * The retrain workflow, distributed: embeddings → LogisticRegression on flowers-128 (5 classes x 100),
     * held-out fifth chosen by a hash of the file name (133 images). Chance is 0.2; measured 0.78 (the
     * photos are 128x128, squashed and noisily labelled). The pipeline, saved and reloaded, predicts the same.
     */
    @Test
    void embedderThenLogisticRegressionLearnsFlowers(@TempDir Path dir) throws Exception {
        Path flowers = SparkTests.shared("datasets/flowers-128");
        Dataset<Row> files = SparkTests.spark().read().format("binaryFile").option("pathGlobFilter", "*.jpg")
                .option("recursiveFileLookup", true).load(flowers.toString())
                .withColumn("class", regexp_extract(col("path"), "/([a-z]+)/[^/]+$", 1))
                .withColumn("fold", pmod(crc32(regexp_extract(col("path"), "([^/]+)$", 1).cast("binary")),
                        org.apache.spark.sql.functions.lit(5)));
        Dataset<Row> train = files.filter("fold != 0");
        Dataset<Row> test = files.filter("fold = 0");
        // the indexer first: fitting it then reads the class names only, not the embeddings
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("class").setOutputCol("label"),
            new MobileNetEmbedder().setModel(SparkTests.shared(CLASSIFIER).toString()).setInputCol("content")
                    .setOutputCol("").setVectorCol("features").setL2Normalize(true),
            new LogisticRegression().setMaxIter(200).setRegParam(0.01)});
        long start = System.nanoTime();
        PipelineModel model = pipeline.fit(train);
        Dataset<Row> predicted = model.transform(test).cache();
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
        long n = predicted.count();
        System.out.printf("flowers-128: embedder -> LogisticRegression, %d train / %d test images, accuracy %.3f"
                + " (%.1f s)%n", train.count(), n, accuracy, (System.nanoTime() - start) / 1e9);
        assertEquals(500, files.count());
        assertEquals(133, n, "the held-out fold");
        assertTrue(accuracy >= 0.7, "accuracy " + accuracy);

        model.save(dir.resolve("flowers").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("flowers").toString());
        List<Row> before = predicted.orderBy("path").select("path", "prediction").collectAsList();
        List<Row> after = loaded.transform(test).orderBy("path").select("path", "prediction").collectAsList();
        assertEquals(before, after);
        MobileNetEmbedder stage = (MobileNetEmbedder) loaded.stages()[1];
        assertEquals("features", stage.getVectorCol());
        assertEquals("", stage.getOutputCol());
    }
}
