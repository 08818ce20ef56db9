package org.mobilenet4j.cli;

import java.nio.file.Path;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.classify.ImageClassifier;
import picocli.CommandLine.Option;

/** The options of commands that build an ImageClassifier: model (file or catalog name), head, backend. */
final class ClassifierOptions {
    @Option(names = "--model", required = true, description = "a .tflite file or a catalog name (see: fetch --list)")
    String model;

    @Option(names = "--head", description = "a classifier head .tflite run after --model (backbone + head)")
    Path head;

    @Option(names = "--backend", description = "xnnpack or reference (default: the fastest available)")
    String backend;

    @Option(names = "--dequantize", description = "run a quantized model in float (weights dequantized)")
    boolean dequantize;

    /**
     * A builder for the model, with the catalog's head and labels when it lists them; {@code labels} (may be
     * null) overrides the catalog's.
     */
    ImageClassifier.Builder builder(Path labels) {
        ModelReference ref = ModelReference.resolve(model);
        ImageClassifier.Builder b = ImageClassifier.builder().model(ref.model()).dequantize(dequantize);
        Path h = head != null ? head : ref.head();
        if (h != null) {
            b.head(h);
        }
        Path l = labels != null ? labels : ref.labels();
        if (l != null) {
            b.labels(l);
        }
        if (backend != null) {
            b.backend(Backends.byName(backend));
        }
        return b;
    }
}
