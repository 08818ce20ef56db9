package org.mobilenet4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mobilenet4j.arch.MobileNetSpec;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.tflite.TfliteWriter;

/**
 * Opens the engines under comparison on one graph: ours on a backend, TensorFlow Lite on the same graph
 * written as .tflite, ONNX Runtime on an equivalent ONNX export. Used by {@code compare} and the JMH
 * benchmark alike. Close it to delete the temporary .tflite file.
 */
final class Engines implements AutoCloseable {
    static final List<String> NAMES = List.of("mobilenet4j-xnnpack", "mobilenet4j-openblas", "mobilenet4j-reference",
            "tflite-xnnpack", "tflite-builtin", "onnxruntime");

    private final Graph graph;
    private final MobileNetSpec spec;
    private Path tflite;
    private byte[] onnx;

    Engines(Graph graph, MobileNetSpec spec) {
        this.graph = graph;
        this.spec = spec;
    }

    Engine open(String name, int threads) throws Exception {
        int classes = (int) graph.outputType(0).elementCount();
        switch (name) {
            case "mobilenet4j-xnnpack", "mobilenet4j-openblas", "mobilenet4j-reference":
                return new Mobilenet4jEngine(graph, name.substring("mobilenet4j-".length()), threads);
            case "tflite-xnnpack", "tflite-builtin":
                return new TfliteEngine(tflite(), name.equals("tflite-xnnpack"), threads, classes);
            case "onnxruntime":
                if (onnx == null) {
                    onnx = OnnxWriter.toBytes(graph);
                }
                return new OnnxRuntimeEngine(onnx, threads, spec.resolution(), spec.resolution());
            default:
                throw new IllegalArgumentException("unknown engine " + name + "; engines: " + String.join(", ", NAMES));
        }
    }

    private Path tflite() throws IOException {
        if (tflite == null) {
            tflite = Files.createTempFile("mobilenet4j-", ".tflite");
            TfliteWriter.write(graph, tflite);
        }
        return tflite;
    }

    @Override
    public void close() throws IOException {
        if (tflite != null) {
            Files.deleteIfExists(tflite);
        }
    }
}
