package org.mobilenet4j.model;

import java.nio.file.Path;
import java.util.Objects;
import org.mobilenet4j.graph.Graph;

/**
 * A loaded model: where it came from, its graph and what its metadata says. Immutable and thread-safe; it
 * owns no native memory (compile the graph with a {@link org.mobilenet4j.predict.Predictor}).
 *
 * @param source the model's bytes and name
 * @param graph  the imported graph
 * @param info   the metadata (name, normalization, labels; parts the model does not give are null)
 */
public record Model(ModelSource source, Graph graph, ModelInfo info) {
    public Model {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(info, "info");
    }

    /** Reads and imports a .tflite file. */
    public static Model load(Path file) {
        return ModelSource.of(file).load();
    }
}
