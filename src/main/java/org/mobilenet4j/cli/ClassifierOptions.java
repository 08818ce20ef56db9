package org.mobilenet4j.cli;

import java.nio.file.Path;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.task.ImageTaskBuilder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The model options of commands that build an image task: model (file or catalog name), head, dequantize, and
 * whether JPEGs are turned upright by their EXIF tag.
 */
final class ClassifierOptions {
    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "a .tflite file or a catalog name (see: fetch --list)")
    String model;

    @Option(names = "--head", paramLabel = "FILE", description = "a classifier head .tflite run after --model (backbone + head)")
    Path head;

    @Option(names = "--dequantize", description = "run a quantized model in float (weights dequantized)")
    boolean dequantize;

    @Option(names = "--no-exif-orientation", description = "keep JPEG pixels as stored (default: a JPEG is turned "
            + "upright as its EXIF Orientation tag says, as photo viewers show it, before any crop or resize)")
    boolean noExifOrientation;

    /**
     * A builder for the model on the chosen backend and threads, with the catalog's head and labels when it lists
     * them; {@code labels} (may be null) overrides them (checked first: one line per output), and without any, a
     * {@code <model>.labels.txt} or labels.txt beside the model is used (see {@link ModelLabels}).
     */
    ImageClassifier.Builder builder(Path labels, ComputeOptions compute, CommandSpec spec) {
        ModelReference ref = ModelReference.resolve(model);
        ImageClassifier.Builder b = configure(ImageClassifier.builder(), ref, compute, spec);
        if (labels != null) {
            ModelLabels.checkLabels(labels, ref.model(), head(ref));
        }
        Path l = labels != null ? labels : ref.labels() != null ? ref.labels()
                : ModelLabels.besideModel(ref.model(), head(ref), spec.commandLine().getErr());
        if (l != null) {
            b.labels(l);
        }
        return b;
    }

    /**
     * {@code b} with the model, head (given, else the catalog's), dequantization, EXIF orientation, backend and
     * threads; a head that does not fit the model is refused here, naming both files and their tensors.
     */
    <B extends ImageTaskBuilder<B>> B configure(B b, ModelReference ref, ComputeOptions compute, CommandSpec spec) {
        b.model(ref.model()).dequantize(dequantize).exifOrientation(!noExifOrientation).backend(compute.backend(spec))
                .numThreads(compute.threads(spec));
        Path h = head(ref);
        if (h != null) {
            ModelLabels.checkHead(ref.model(), h);
            b.head(h);
        }
        return b;
    }

    private Path head(ModelReference ref) {
        return head != null ? head : ref.head();
    }
}
