package org.mobilenet4j.tflite;

import org.mobilenet4j.model.ModelInfo;
import org.mobilenet4j.graph.Graph;

/** A TFLite file imported: its graph and what its metadata says. */
public record TfliteModel(Graph graph, ModelInfo info) {
}
