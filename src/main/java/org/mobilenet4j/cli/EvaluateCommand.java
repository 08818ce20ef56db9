package org.mobilenet4j.cli;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mobilenet4j.batch.BatchPipeline;
import org.mobilenet4j.batch.InputPaths;
import org.mobilenet4j.batch.OutputFormat;
import org.mobilenet4j.batch.Progress;
import org.mobilenet4j.retrain.ImageFolder;
import org.mobilenet4j.retrain.LabeledImage;
import org.mobilenet4j.retrain.Split;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.task.Labels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: top-1 / top-5 accuracy over a labelled folder, in one of two layouts:
 * <ul>
 *   <li>mlts-openimages (with {@code --ground-truth}): images {@code image-N.jpeg} (N from 0), and a ground-truth
 *       file whose line N is image N's label, matched by name against the labels file;</li>
 *   <li>one sub-folder per class, as {@code retrain} reads it (without {@code --ground-truth}): folder names are
 *       the labels, matched against the model's labels (a folder named after none of them fails the command:
 *       its images could never be right); {@code --split} scores one of retrain's hash splits.</li>
 * </ul>
 * Images run through the same pipeline as {@code classify}. Images that cannot be classified are reported on
 * stderr, left out of the accuracy, and make the exit code 1.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, modelTransformer = OutputOptions.Help.class,
        description = {"Top-1/top-5 accuracy of a model over a labelled image folder.", "Formats: text, json."})
public final class EvaluateCommand implements Callable<Integer>, OutputOptions.Offered {

    @CommandLine.Mixin
    ClassifierOptions classifierOptions;

    @CommandLine.Mixin
    ComputeOptions compute;

    @CommandLine.Mixin
    PipelineOptions pipeline;

    @CommandLine.Mixin
    OutputOptions output;

    @Option(names = "--images", required = true, paramLabel = "DIR",
            description = "folder of image-N.jpeg files (with --ground-truth), else of one sub-folder per class, "
                    + "each named after a label of the model (a folder that is not: exit 1, naming it)")
    Path images;

    @Option(names = "--ground-truth", paramLabel = "FILE", description = "line N: the label of image N (mlts layout)")
    Path groundTruth;

    @Option(names = "--labels", paramLabel = "FILE", description = "the model's labels, one per output (default: the "
            + "model's metadata; required with --ground-truth)")
    Path labels;

    @Option(names = "--crop", paramLabel = "FRACTION", description = "centre crop fraction (default: 0.875 with "
            + "--ground-truth, else 1.0, as retrain embeds)")
    Double crop;

    @Option(names = "--split", defaultValue = "all", paramLabel = "SPLIT", description = "class-folder layout: all, "
            + "train, validation or test, as retrain splits (default: ${DEFAULT-VALUE})")
    String split;

    @CommandLine.Mixin
    SplitOptions splitOptions;

    @Option(names = "--limit", paramLabel = "N", description = "evaluate only the first N images (N >= 1)")
    Integer limit;

    @Option(names = "--parallel", hidden = true, description = "old name of --workers")
    Integer parallel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** An image and the label it should get. */
    private record Sample(Path image, String label) {
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat format = output.format(spec);
        if (limit != null && limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        boolean folderLayout = groundTruth == null;
        if (folderLayout) {
            splitOptions.check(spec);
        } else {
            for (String option : List.of("--split", SplitOptions.VALIDATION, SplitOptions.TEST)) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), option + " applies only to the "
                            + "class-folder layout, not with --ground-truth");
                }
            }
        }
        double cropFraction = crop != null ? crop : folderLayout ? 1.0 : 0.875;
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--crop must be in (0, 1], got " + crop);
        }
        if (parallel != null) {
            pipeline.workers = parallel;
        }
        int workers = pipeline.workers(spec);
        ImageFolder folder = folderLayout ? scanFolder() : null;
        List<Sample> all = folderLayout ? folderSamples(folder) : mltsSamples();
        int n = limit == null ? all.size() : Math.min(limit, all.size());
        List<Sample> samples = all.subList(0, n);
        long[] tally = new long[3]; // top-1, top-5, failed
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = Progress.stderrIsTerminal() ? new Progress(System.err, () -> n) : null;
        try (ImageClassifier classifier = classifierOptions.builder(labels, compute, spec).maxResults(5)
                .centerCrop(cropFraction).build()) {
            if (folder != null) {
                checkClassesAreLabels(folder, classifier.labels());
            }
            new BatchPipeline(workers, pipeline.failFast).run(
                    samples.stream().map(s -> new InputPaths.Entry(s.image(), null)).iterator(),
                    classifier::classify, r -> {
                        int i = (int) r.index();
                        if (r.failed()) {
                            tally[2]++;
                            err.println("error: " + r.path().toAbsolutePath() + ": " + r.error());
                            err.flush();
                        } else {
                            String expected = samples.get(i).label();
                            List<Classification> top = r.value();
                            tally[0] += top.get(0).label().equals(expected) ? 1 : 0;
                            tally[1] += top.stream().anyMatch(c -> c.label().equals(expected)) ? 1 : 0;
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
            out.printf(Locale.ROOT, "%d images: top-1 %.4f, top-5 %.4f%n", classified,
                    tally[0] / (double) classified, tally[1] / (double) classified);
        } else {
            out.println("0 images classified: no accuracy");
        }
        out.flush();
        return tally[2] > 0 ? 1 : 0;
    }

    /** mlts layout: image-N.jpeg and line N of the ground truth, each label checked against the labels file. */
    private List<Sample> mltsSamples() {
        if (labels == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ground-truth needs --labels");
        }
        List<String> truth = readLines(groundTruth, "--ground-truth");
        if (truth.isEmpty()) {
            throw new IllegalArgumentException("--ground-truth " + groundTruth.toAbsolutePath()
                    + " is empty: no image to evaluate");
        }
        Set<String> known = new HashSet<>(Labels.read(labels));
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            String label = truth.get(i).strip();
            if (!known.contains(label)) {
                throw new IllegalArgumentException("line " + (i + 1) + " of --ground-truth " + groundTruth.toAbsolutePath()
                        + ": '" + label + "' is not in --labels " + labels.toAbsolutePath());
            }
            samples.add(new Sample(images.resolve("image-" + i + ".jpeg"), label));
        }
        return samples;
    }

    private ImageFolder scanFolder() {
        PrintWriter err = spec.commandLine().getErr();
        return ImageFolder.scan(images, splitOptions.validationPercent, splitOptions.testPercent, w -> {
            err.println("warning: " + w);
            err.flush();
        });
    }

    /**
     * Every class folder must be named after a label of the model: the images of one that is not could never be
     * classified right, so an accuracy over them (or without them) would mislead. Names those that are not.
     */
    private void checkClassesAreLabels(ImageFolder folder, List<String> modelLabels) {
        Set<String> known = new HashSet<>(modelLabels);
        List<String> unknown = folder.labels().stream().filter(c -> !known.contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(unknown.size() + " of the " + folder.labels().size() + " class folders "
                    + "in " + images + " match no label of the model (" + modelLabels.size() + " labels): "
                    + String.join(", ", unknown) + "; name each class folder after the model's label for it, "
                    + "or leave it out");
        }
    }

    /** Class-folder layout: every image of the chosen split, labelled by its folder's name. */
    private List<Sample> folderSamples(ImageFolder folder) {
        List<LabeledImage> chosen;
        if (split.equalsIgnoreCase("all")) {
            chosen = folder.images();
        } else {
            Split s;
            try {
                s = Split.valueOf(split.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--split: '" + split + "' is not all, train, validation or test");
            }
            chosen = folder.images(s);
        }
        return chosen.stream().map(i -> new Sample(i.file(), folder.labels().get(i.label()))).toList();
    }

    private static List<String> readLines(Path file, String option) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file.toAbsolutePath() + ": "
                    + org.mobilenet4j.batch.ErrorText.of(e), e);
        }
    }

    @Override
    public Set<OutputFormat> formats() {
        return OutputOptions.SINGLE_OBJECT;
    }
}
