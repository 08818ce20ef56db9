package org.mobilenet4j.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mobilenet4j.batch.OutputFormat;
import org.mobilenet4j.task.ImageClassifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code classify}: top-K classes of each image, streamed in input order. */
@Command(name = "classify", mixinStandardHelpOptions = true, modelTransformer = OutputOptions.Help.class,
        description = {"Classify images with a TFLite MobileNet: one row per input, in input order, written as it "
                + "completes. A file that cannot be classified gets an error row; the others go on, and the exit "
                + "code is 1 if any failed.", "Formats: text, json (one array), jsonl, csv."})
public final class ClassifyCommand implements Callable<Integer>, OutputOptions.Offered {

    @CommandLine.Mixin
    ClassifierOptions classifierOptions;

    @CommandLine.Mixin
    ComputeOptions compute;

    @CommandLine.Mixin
    PipelineOptions pipeline;

    @CommandLine.Mixin
    OutputOptions output;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "labels file, one per line (default: the model's metadata, else <model>.labels.txt or "
                    + "labels.txt beside the model)")
    Path labels;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = "results per image (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--crop", defaultValue = "1.0", paramLabel = "FRACTION",
            description = "centre crop to this fraction of the shorter side first (default: ${DEFAULT-VALUE}, no crop)")
    double crop;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = BatchRunner.INPUT_HELP)
    List<String> inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        OutputFormat format = output.format(spec);
        if (top < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top must be at least 1, got " + top);
        }
        if (!(crop > 0 && crop <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--crop must be in (0, 1], got " + crop);
        }
        ImageClassifier.Builder b = classifierOptions.builder(labels, compute, spec).maxResults(top).centerCrop(crop);
        try (ImageClassifier classifier = b.build()) {
            return BatchRunner.run(spec, inputs, pipeline, format, new ClassificationRows(top), "image",
                    file -> classifier.classify(file.toAbsolutePath()));
        }
    }

    @Override
    public Set<OutputFormat> formats() {
        return EnumSet.allOf(OutputFormat.class);
    }
}
