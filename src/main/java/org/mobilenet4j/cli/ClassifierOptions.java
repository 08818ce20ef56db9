package org.mobilenet4j.cli;

import java.nio.file.Path;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.task.ImageTaskBuilder;
import picocli.CommandLine.Option;

/** The options of commands that build an image task: model (file or catalog name), head, backend, dequantize. */
final class ClassifierOptions {
    @Option(names = "--model", required = true, description = "a .tflite file or a catalog name (see: fetch --list)")
    String model;

    @Option(names = "--head", description = "a classifier head .tflite run after --model (backbone + head)")
    Path head;

    @Option(names = "--backend", description = "xnnpack, openblas or reference (default: the fastest available)")
    String backend;

    @Option(names = "--dequantize", description = "run a quantized model in float (weights dequantized)")
    boolean dequantize;

    /**
     * A builder for the model, with the catalog's head and labels when it lists them; {@code labels} (may be
     * null) overrides the catalog's.
     */
    ImageClassifier.Builder builder(Path labels) {
        ModelReference ref = ModelReference.resolve(model);
        ImageClassifier.Builder b = configure(ImageClassifier.builder(), ref);
        Path l = labels != null ? labels : ref.labels();
        if (l != null) {
            b.labels(l);
        }
        return b;
    }

    /** {@code b} with the model, head (given, else the catalog's), dequantization and backend of these options. */
    <B extends ImageTaskBuilder<B>> B configure(B b, ModelReference ref) {
        b.model(ref.model()).dequantize(dequantize);
        Path h = head != null ? head : ref.head();
        if (h != null) {
            b.head(h);
        }
        if (backend != null) {
            b.backend(Backends.byName(backend));
        }
        return b;
    }
}
