package org.mobilenet4j.cli;

import java.nio.file.Path;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.task.ImageTaskBuilder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The model options of commands that build an image task: model (file or catalog name), head, dequantize, and
 * whether JPEGs are turned upright by their EXIF tag.
 */
final class ClassifierOptions {
    @Option(names = "--model", converter = ModelReference.Name.class, required = true, paramLabel = "MODEL",
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
        Sources s = Sources.of(ref, head(ref));
        // read once for the head's fit, the --labels count and the labels beside the model (none needs it: not read)
        ModelLabels.Files files = head(ref) != null || labels != null || ref.labels() == null ? s.files() : null;
        ImageClassifier.Builder b = apply(ImageClassifier.builder(), s, compute, spec);
        if (labels != null) {
            ModelLabels.checkLabels(labels, files);
        }
        Path l = labels != null ? labels : ref.labels() != null ? ref.labels()
                : ModelLabels.besideModel(files, spec.commandLine().getErr());
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
        Sources s = Sources.of(ref, head(ref));
        if (s.head() != null) {
            s.files();
        }
        return apply(b, s, compute, spec);
    }

    /**
     * The model's and head's bytes, read once and given to the builder as they are: their metadata is read (and a
     * corrupt part warned about) once, for the checks here and the task alike.
     */
    private record Sources(Path modelFile, ModelSource model, Path headFile, ModelSource head) {
        static Sources of(ModelReference ref, Path head) {
            return new Sources(ref.model(), ModelSource.of(ref.model()), head, head != null ? ModelSource.of(head) : null);
        }

        ModelLabels.Files files() {
            return ModelLabels.Files.read(modelFile, model, headFile, head);
        }
    }

    /** {@link #configure} without reading the files to check the head (the caller has read them). */
    private <B extends ImageTaskBuilder<B>> B apply(B b, Sources s, ComputeOptions compute, CommandSpec spec) {
        b.model(s.model()).dequantize(dequantize).exifOrientation(!noExifOrientation).backend(compute.backend(spec))
                .numThreads(compute.threads(spec));
        if (s.head() != null) {
            b.head(s.head());
        }
        return b;
    }

    private Path head(ModelReference ref) {
        return head != null ? head : ref.head();
    }
}
