package org.mobilenet4j.retrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.task.Labels;
import org.mobilenet4j.tflite.TfliteMetadata;
import org.mobilenet4j.tflite.TfliteWriter;

/**
 * What {@link Retrainer#run()} produced: the head, how training went, how it scores on the test set, and
 * what is needed to export it on top of the base model. Immutable.
 *
 * @param labels          class names
 * @param trained         the head and its training history
 * @param test            confusion matrix of the test split (empty if the split has no images)
 * @param testPredictions the head's verdict on every test image
 * @param problems        image files left out (path and reason)
 * @param embedded        images embedded
 * @param fromCache       of which read from the cache
 * @param embedSeconds    time spent embedding (decode + inference, or cache reads)
 * @param trainSeconds    time spent training the head
 * @param classifier      the exported graph: base model up to the embedding + head
 * @param metadata        the exported metadata
 */
public record RetrainResult(List<String> labels, TrainedHead trained, ConfusionMatrix test,
                            List<Prediction> testPredictions, List<String> problems, int embedded, int fromCache,
                            double embedSeconds, double trainSeconds, Graph classifier, TfliteMetadata metadata) {

    public RetrainResult {
        labels = List.copyOf(labels);
        testPredictions = List.copyOf(testPredictions);
        problems = List.copyOf(problems);
    }

    /** Test-split top-1 accuracy; NaN when the test split has no images. */
    public double testAccuracy() {
        return test.accuracy();
    }

    /** The .tflite file's bytes: deterministic for a given head. */
    public byte[] tfliteBytes() {
        return TfliteWriter.toBytes(classifier, metadata);
    }

    /**
     * Writes the classifier to {@code file} (.tflite with metadata and embedded labels) and a plain labels list
     * named after it, {@link Labels#namedAfter} (flowers.tflite: flowers.labels.txt), so a {@code labels.txt}
     * other models of the folder share is left alone; returns the labels file. The folder must exist
     * ({@link #checkOutput}).
     */
    public Path export(Path file) throws IOException {
        checkOutput(file);
        Files.write(file, tfliteBytes());
        Path labelsFile = Labels.namedAfter(file);
        Files.write(labelsFile, metadata.labelsFileBytes());
        return labelsFile;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@link #export} can write {@code file} and its labels list: a
     * folder that exists and is writable, and neither file a folder. Cheap: for checking before retraining.
     */
    public static void checkOutput(Path file) {
        checkWritableFolder(file.toAbsolutePath().getParent());
        for (Path p : List.of(file, Labels.namedAfter(file))) {
            if (Files.isDirectory(p)) {
                throw new IllegalArgumentException(p + " is a folder, not a file");
            }
        }
    }

    /** Throws {@link IllegalArgumentException} unless {@code folder} is an existing, writable folder. */
    static void checkWritableFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(Files.exists(folder) ? folder + " is not a folder"
                    : "folder " + folder + " does not exist (create it first)");
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalArgumentException("folder " + folder + " is not writable");
        }
    }

    /** A confusion-matrix-free summary line, e.g. "test accuracy 0.8600 (43/50)", or "no test images: no test accuracy". */
    public String summary() {
        if (test.total() == 0) {
            return "no test images: no test accuracy";
        }
        return String.format(java.util.Locale.ROOT, "test accuracy %.4f (%d/%d)", testAccuracy(),
                Math.round(testAccuracy() * test.total()), test.total());
    }
}
