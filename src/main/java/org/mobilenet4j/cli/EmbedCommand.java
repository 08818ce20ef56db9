package org.mobilenet4j.cli;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mobilenet4j.batch.OutputFormat;
import org.mobilenet4j.task.ImageEmbedder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code embed}: the feature vector of each image, streamed in input order through the same batch pipeline and
 * output formats as {@code classify} (rows described by {@link EmbeddingRows}).
 */
@Command(name = "embed", mixinStandardHelpOptions = true, modelTransformer = OutputOptions.Help.class,
        description = {"Feature vectors (embeddings) of images: the input of a classifier's logits layer, a named "
                + "tensor, or an embedding model's output. One row per input, in input order, written as it "
                + "completes. A file that cannot be embedded gets an error row; the others go on, and the exit "
                + "code is 1 if any failed.", "Formats: json (one array), jsonl, csv."})
public final class EmbedCommand implements Callable<Integer>, OutputOptions.Offered {
    private static final EnumSet<OutputFormat> FORMATS =
            EnumSet.of(OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.CSV);

    @CommandLine.Mixin
    ClassifierOptions modelOptions;

    @CommandLine.Mixin
    ComputeOptions compute;

    @CommandLine.Mixin
    PipelineOptions pipeline;

    @CommandLine.Mixin
    OutputOptions output;

    @Option(names = "--layer", paramLabel = "NAME", description = "tensor name to read (default: the input of the "
            + "last fully connected or 1x1 logits layer, else the model's output)")
    String layer;

    @Option(names = "--l2-normalize", description = "scale each embedding to unit length")
    boolean l2Normalize;

    @Option(names = "--quantize", description = "write the int8 scalar quantization round(v * 128) of the "
            + "L2-normalized values instead of floats (implies --l2-normalize)")
    boolean quantize;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = BatchRunner.INPUT_HELP)
    List<String> inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OutputFormat format = output.format(spec);
        if (quantize && !l2Normalize) {
            spec.commandLine().getErr().println("note: --quantize implies --l2-normalize (int8 of unit-length "
                    + "vectors; unscaled values would clamp at 127)");
            spec.commandLine().getErr().flush();
        }
        ImageEmbedder.Builder b = modelOptions.configure(ImageEmbedder.builder(),
                ModelReference.resolve(modelOptions.model), compute, spec).l2Normalize(l2Normalize).quantize(quantize);
        if (layer != null) {
            b.layer(layer);
        }
        try (ImageEmbedder embedder = b.build()) {
            return BatchRunner.run(spec, inputs, pipeline, format,
                    new EmbeddingRows(embedder.layer(), embedder.dimension()), "image",
                    file -> embedder.embed(file.toAbsolutePath()));
        }
    }

    @Override
    public Set<OutputFormat> formats() {
        return FORMATS;
    }
}
