package org.mobilenet4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.vision.ImagePreprocessor;
import picocli.CommandLine.Option;

/**
 * The options and data the TFLite-fidelity tools share (picocli mixin): the test data folder, the quantized models
 * under it ("a+b" chains a backbone and its head), the mlts-openimages images, and the pre-processing every engine
 * is fed (centre crop, half-pixel bilinear resize, 127.5 / 127.5 normalization for float inputs).
 */
final class QuantizedDataSet {
    /** Every quantized model of ../shared/models; "a+b" chains a backbone and its head. */
    static final List<String> QUANTIZED_MODELS = List.of(
            "aosp-mlts/mobilenet_v1_0.25_128_quant.tflite",
            "aosp-mlts/mobilenet_v1_0.5_160_quant.tflite",
            "aosp-mlts/mobilenet_v1_0.75_192_quant.tflite",
            "aosp-mlts/mobilenet_v2_1.0_224_quant.tflite",
            "aosp-mlts/mobilenet_v3-small_224_1.0_uint8.tflite",
            "aosp-mlts/mobilenet_v3-large-minimalistic_224_1.0_uint8.tflite",
            "tflite-support/mobilenet_v1_0.25_224_quant.tflite",
            "coral/mobilenet_v1_0.25_128_quant.tflite",
            "coral/mobilenet_v1_0.5_160_quant.tflite",
            "coral/mobilenet_v1_0.75_192_quant.tflite",
            "coral/mobilenet_v2_1.0_224_quant.tflite",
            "coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite"
                    + "+coral/mobilenet_quant_v1_224_head_layers.tflite",
            "coral/tf2_mobilenet_v2_1.0_224_ptq.tflite");

    @Option(names = "--shared", defaultValue = "../shared",
            description = "test data folder (default: ${DEFAULT-VALUE})")
    Path shared;

    @Option(names = "--models", split = ",",
            description = "models under <shared>/models, a+b chains two (default: every quantized one)")
    List<String> models;

    @Option(names = "--crop", defaultValue = "0.875", description = "centre crop fraction (default: ${DEFAULT-VALUE})")
    double crop;

    /** The model specs asked for, or every quantized one. */
    List<String> modelSpecs() {
        return models == null ? QUANTIZED_MODELS : models;
    }

    /** A model file under {@code <shared>/models}. */
    Path model(String file) {
        return shared.resolve("models").resolve(file);
    }

    /** The graph of a model spec: a file under {@code <shared>/models}, or "a+b" for a backbone chained with its head. */
    Graph graph(String spec) {
        String[] parts = spec.split("\\+");
        Graph graph = TfliteImporter.read(model(parts[0])).graph();
        for (int i = 1; i < parts.length; i++) {
            graph = graph.then(TfliteImporter.read(model(parts[i])).graph());
        }
        return graph;
    }

    /** The pre-processing of an input of {@code type}, as every engine here is fed. */
    ImagePreprocessor preprocessor(TensorType type) {
        return new ImagePreprocessor(type, null, new float[] {127.5f}, new float[] {127.5f}, crop);
    }

    /** image-0.jpeg, image-1.jpeg, ... of mlts-openimages, the first {@code limit} (0: all). */
    List<Path> images(int limit) throws IOException {
        Path folder = shared.resolve("datasets/mlts-openimages");
        List<Path> all = new ArrayList<>();
        for (int i = 0; ; i++) {
            Path p = folder.resolve("image-" + i + ".jpeg");
            if (!Files.exists(p) || (limit > 0 && all.size() >= limit)) {
                break;
            }
            all.add(p);
        }
        if (all.isEmpty()) {
            throw new IOException("no image-N.jpeg in " + folder);
        }
        return all;
    }
}
