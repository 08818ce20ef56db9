package org.mobilenet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first example, as written there: a folder of images → classes → Parquet. */
class ReadmeExampleTest {

    static void classifyFolder(SparkSession spark, String folder, String model, String parquet) {
        // README example begins
        Dataset<Row> files = spark.read().format("binaryFile")
                .option("pathGlobFilter", "*.{jpg,jpeg,png}").option("recursiveFileLookup", true)
                .load(folder);
        new MobileNetClassifier()
                .setModel(model)            // a .tflite path on the driver, or a catalog name
                .setInputCol("content")     // binaryFile's bytes, decoded by mobilenet4j
                .setTopK(5)
                .transform(files)
                .select("path", "classes", "error")   // classes: array<struct<index, label, score>>
                .write().mode("overwrite").parquet(parquet);
        // README example ends
    }

    @Test
    void classifiesAFolderIntoParquet(@TempDir Path dir) throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos/a"));
        for (Path p : SparkTests.evaluationImages(6)) {
            Files.copy(p, photos.resolve(p.getFileName()));
        }
        Files.writeString(photos.resolve("notes.txt"), "not an image, not read");
        String parquet = dir.resolve("classes.parquet").toString();
        classifyFolder(SparkTests.spark(), dir.resolve("photos").toString(),
                SparkTests.shared("models/coral/mobilenet_v1_0.5_160_quant.tflite").toString(), parquet);
        List<Row> rows = SparkTests.spark().read().parquet(parquet).collectAsList();
        assertEquals(6, rows.size());
        for (Row r : rows) {
            assertEquals(5, r.getList(r.fieldIndex("classes")).size());
        }
    }
}
