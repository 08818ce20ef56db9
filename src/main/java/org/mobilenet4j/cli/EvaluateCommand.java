package org.mobilenet4j.cli;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mobilenet4j.batch.BatchPipeline;
import org.mobilenet4j.batch.InputPaths;
import org.mobilenet4j.batch.OutputFormat;
import org.mobilenet4j.batch.Progress;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.task.Labels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: top-1 / top-5 accuracy over a labelled folder laid out as mlts-openimages: images
 * {@code image-N.jpeg} (N from 0), and a ground-truth file whose line N (from 0) is image N's label, matched by
 * name against the labels file. Images that cannot be classified are reported on stderr, left out of the
 * accuracy, and make the exit code 1.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Top-1/top-5 accuracy of a model over a labelled image folder.", "Formats: text, json."})
public final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ClassifierOptions classifierOptions;

    @CommandLine.Mixin
    ComputeOptions compute;

    @CommandLine.Mixin
    PipelineOptions pipeline;

    @CommandLine.Mixin
    OutputOptions output;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "folder of image-N.jpeg files")
    Path images;

    @Option(names = "--ground-truth", required = true, paramLabel = "FILE", description = "line N: the label of image N")
    Path groundTruth;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "the model's labels, one per output")
    Path labels;

    @Option(names = "--crop", defaultValue = "0.875", paramLabel = "FRACTION",
            description = "centre crop fraction (default: ${DEFAULT-VALUE})")
    double crop;

    @Option(names = "--limit", paramLabel = "N", description = "evaluate only the first N images (N >= 1)")
    Integer limit;

    @Option(names = "--parallel", hidden = true, description = "old name of --workers")
    Integer parallel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFormat format = output.format(spec, OutputOptions.SINGLE_OBJECT);
        if (limit != null && limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        if (!(crop > 0 && crop <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--crop must be in (0, 1], got " + crop);
        }
        if (parallel != null) {
            pipeline.workers = parallel;
        }
        int workers = pipeline.workers(spec);
        List<String> truth = readLines(groundTruth, "--ground-truth");
        List<String> modelLabels = Labels.read(labels);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < modelLabels.size(); i++) {
            index.putIfAbsent(modelLabels.get(i), i);
        }
        int n = limit == null ? truth.size() : Math.min(limit, truth.size());
        int[] expected = new int[n];
        for (int i = 0; i < n; i++) {
            String label = truth.get(i).strip();
            Integer e = index.get(label);
            if (e == null) {
                throw new IllegalArgumentException("line " + (i + 1) + " of --ground-truth " + groundTruth.toAbsolutePath()
                        + ": '" + label + "' is not in --labels " + labels.toAbsolutePath());
            }
            expected[i] = e;
        }
        long[] tally = new long[3]; // top-1, top-5, failed
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = Progress.stderrIsTerminal() ? new Progress(System.err, () -> n) : null;
        Iterator<InputPaths.Entry> inputs = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> new InputPaths.Entry(images.resolve("image-" + i + ".jpeg"), null)).iterator();
        try (ImageClassifier classifier = classifierOptions.builder(labels, compute, spec).maxResults(5)
                .centerCrop(crop).build()) {
            new BatchPipeline(workers, pipeline.failFast).run(inputs, classifier::classify, r -> {
                int i = (int) r.index();
                if (r.failed()) {
                    tally[2]++;
                    err.println("error: " + r.path().toAbsolutePath() + ": " + r.error());
                    err.flush();
                } else {
                    List<Classification> top = r.value();
                    tally[0] += top.get(0).index() == expected[i] ? 1 : 0;
                    tally[1] += top.stream().anyMatch(c -> c.index() == expected[i]) ? 1 : 0;
                }
                if (progress != null) {
                    progress.update(i + 1, tally[2]);
                }
            });
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        long classified = n - tally[2];
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON) {
            JsonObject o = new JsonObject();
            o.addProperty("count", classified);
            o.addProperty("failed", tally[2]);
            if (classified > 0) {
                o.addProperty("top1", tally[0] / (double) classified);
                o.addProperty("top5", tally[1] / (double) classified);
            } else {
                o.add("top1", JsonNull.INSTANCE);
                o.add("top5", JsonNull.INSTANCE);
            }
            out.println(Json.GSON.toJson(o));
        } else if (classified > 0) {
            out.printf(java.util.Locale.ROOT, "%d images: top-1 %.4f, top-5 %.4f%n", classified,
                    tally[0] / (double) classified, tally[1] / (double) classified);
        } else {
            out.println("0 images classified: no accuracy");
        }
        out.flush();
        return tally[2] > 0 ? 1 : 0;
    }

    private static List<String> readLines(Path file, String option) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file.toAbsolutePath() + ": "
                    + org.mobilenet4j.batch.ErrorText.of(e), e);
        }
    }
}
