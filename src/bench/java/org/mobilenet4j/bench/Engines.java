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
 * written as .tflite (or on the file the graph was read from), ONNX Runtime on an equivalent ONNX export
 * (float graphs only). {@code mobilenet4j-xnnpack-float} runs a float graph given beside a quantized one (our
 * own float run, against which the quantized file is timed). Used by {@code compare} and the JMH benchmark
 * alike. Close it to delete the temporary .tflite file.
 */
final class Engines implements AutoCloseable {
    static final List<String> NAMES = List.of("mobilenet4j-xnnpack", "mobilenet4j-openblas", "mobilenet4j-reference",
            "tflite-xnnpack", "tflite-xnnpack-q8", "tflite-builtin", "onnxruntime", "mobilenet4j-xnnpack-float");

    private final Graph graph;
    private final int resolution;
    private final Graph floatGraph;
    private final boolean ownsFile;
    private Path tflite;
    private byte[] onnx;

    Engines(Graph graph, MobileNetSpec spec) {
        this(graph, spec.resolution(), null, null);
    }

    /**
     * @param file       the .tflite file {@code graph} was read from, or null to write one
     * @param floatGraph the float graph {@code mobilenet4j-xnnpack-float} runs, or null
     */
    Engines(Graph graph, int resolution, Path file, Graph floatGraph) {
        this.graph = graph;
        this.resolution = resolution;
        this.tflite = file;
        this.ownsFile = file == null;
        this.floatGraph = floatGraph;
    }

    Engine open(String name, int threads) throws Exception {
        switch (name) {
            case "mobilenet4j-xnnpack", "mobilenet4j-openblas", "mobilenet4j-reference":
                return new Mobilenet4jEngine(graph, name.substring("mobilenet4j-".length()), threads);
            case "mobilenet4j-xnnpack-float":
                if (floatGraph == null) {
                    throw new IllegalArgumentException(name + " needs a quantized model compared with its float form");
                }
                return new Mobilenet4jEngine(floatGraph, "xnnpack", threads, name);
            case "tflite-xnnpack":
                return new TfliteEngine(tflite(), TfliteEngine.Mode.XNNPACK, threads);
            case "tflite-xnnpack-q8":
                return new TfliteEngine(tflite(), TfliteEngine.Mode.XNNPACK_QUANTIZED, threads);
            case "tflite-builtin":
                return new TfliteEngine(tflite(), TfliteEngine.Mode.BUILTIN, threads);
            case "onnxruntime":
                if (onnx == null) {
                    onnx = OnnxWriter.toBytes(graph);
                }
                return new OnnxRuntimeEngine(onnx, threads, resolution, resolution);
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
        if (tflite != null && ownsFile) {
            Files.deleteIfExists(tflite);
        }
    }
}
