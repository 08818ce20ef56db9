package org.mobilenet4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;
import org.mobilenet4j.catalog.CatalogEntry;
import org.mobilenet4j.catalog.ModelFetcher;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.task.Labels;

/**
 * On the driver: the {@code model}, {@code head} and {@code labels} params as what is broadcast to the executors.
 * The model is a .tflite path the driver can read or a catalog name (fetched into the driver's model cache, with
 * the head and labels the catalog lists for it). Labels, as the CLI chooses them: the {@code labels} file, else the
 * catalog's, else the model's (or head's) metadata, else a {@code labels.txt} beside the model file with one line
 * per output, else none (the index as text). Executors never read these paths.
 */
final class ModelResolver {
    private static final Logger LOG = Logger.getLogger(ModelResolver.class.getName());

    private ModelResolver() {
    }

    /**
     * The model to ship, and (when {@code withLabels}) its labels; {@code head} and {@code labels} "" for none.
     *
     * @throws IllegalArgumentException a file that does not exist, labels whose count is not the model's outputs
     */
    static ShippedModel resolve(String model, String head, String labels, boolean withLabels) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("no model: call setModel(path or catalog name)");
        }
        Path modelFile = Path.of(model);
        Path headFile = null;
        Path labelsFile = null;
        if (!Files.isRegularFile(modelFile)) {
            if (model.endsWith(".tflite") || model.contains("/")) {
                throw new IllegalArgumentException("model file " + modelFile.toAbsolutePath() + " does not exist (the"
                        + " driver reads the model and ships it to the executors)");
            }
            ModelFetcher fetcher = ModelFetcher.withDefaults(LOG::info);
            CatalogEntry entry = fetcher.catalog().find(model).orElseThrow(() -> new IllegalArgumentException(
                    "no file and no catalog model named '" + model + "'"));
            try {
                modelFile = fetcher.fetch(entry.name());
                headFile = entry.head() != null ? fetcher.fetch(entry.head()) : null;
                labelsFile = entry.labels() != null ? fetcher.fetch(entry.labels()) : null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fetch catalog model '" + model + "': " + e.getMessage(), e);
            }
        }
        if (!head.isEmpty()) {
            headFile = existing(head, "head");
        }
        if (!labels.isEmpty()) {
            labelsFile = existing(labels, "labels");
        }
        ModelSource m = ModelSource.of(modelFile);
        ModelSource h = headFile == null ? null : ModelSource.of(headFile);
        String[] labelList = withLabels ? labels(m, h, modelFile, labelsFile) : null;
        return new ShippedModel(bytes(m), m.name(), h == null ? null : bytes(h), h == null ? null : h.name(),
                labelList);
    }

    /** The labels that replace the model's, or null to keep its metadata labels (or the index as text). */
    private static String[] labels(ModelSource model, ModelSource head, Path modelFile, Path labelsFile) {
        if (labelsFile == null && (model.metadata().labels() != null
                || (head != null && head.metadata().labels() != null))) {
            return null;
        }
        Graph g = head == null ? model.load().graph() : model.load().graph().then(head.load().graph());
        long outputs = g.outputs().length == 1 ? g.outputType(0).elementCount() : -1;
        if (labelsFile == null) {
            labelsFile = Labels.besideModel(modelFile, outputs);
            if (labelsFile == null) {
                return null;
            }
        }
        List<String> list = Labels.read(labelsFile);
        if (list.size() != outputs) {
            throw new IllegalArgumentException("labels " + labelsFile + " has " + list.size() + " labels for the "
                    + outputs + " outputs of " + model.name() + (head == null ? "" : " + " + head.name()));
        }
        return list.toArray(String[]::new);
    }

    private static Path existing(String path, String what) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(what + " file " + p.toAbsolutePath() + " does not exist (the driver"
                    + " reads it and ships it to the executors)");
        }
        return p;
    }

    private static byte[] bytes(ModelSource source) {
        ByteBuffer view = source.bytes();
        byte[] b = new byte[view.remaining()];
        view.get(b);
        return b;
    }

    /** SHA-256 of the labels (one per line), or "" for none. */
    static String sha256(String[] labels) {
        if (labels == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", labels).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
