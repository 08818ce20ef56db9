package org.mobilenet4j.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.mobilenet4j.classify.Classification;
import org.mobilenet4j.classify.ImageClassifier;
import org.mobilenet4j.classify.Labels;
import org.mobilenet4j.retrain.ImageFolder;
import org.mobilenet4j.retrain.LabeledImage;
import org.mobilenet4j.retrain.Split;
import org.mobilenet4j.vision.InvalidImageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: top-1 / top-5 accuracy over a labelled folder, in one of two layouts: mlts-openimages
 * (images {@code image-N.jpeg}, N from 0, and a ground-truth file whose line N is image N's label, matched by
 * name against the labels file), or, without {@code --ground-truth}, one sub-folder per class as
 * {@code retrain} reads it (folder names matched against the model's labels; {@code --split} scores one of
 * retrain's hash splits; unreadable images are reported and skipped).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Top-1/top-5 accuracy of a model over a labelled image folder.")
public final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ClassifierOptions classifierOptions;

    @Option(names = "--images", required = true,
            description = "folder of image-N.jpeg files (with --ground-truth), else of one sub-folder per class")
    Path images;

    @Option(names = "--ground-truth", description = "line N: the label of image N (mlts layout)")
    Path groundTruth;

    @Option(names = "--labels", description = "the model's labels, one per output (default: the model's metadata; "
            + "required with --ground-truth)")
    Path labels;

    @Option(names = "--crop", description = "centre crop fraction (default: 0.875 with --ground-truth, else 1.0 as "
            + "retrain embeds)")
    Double crop;

    @Option(names = "--split", defaultValue = "all",
            description = "class-folder layout: all, train, validation or test, as retrain splits (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--validation-percent", defaultValue = "10", description = "as given to retrain (default: ${DEFAULT-VALUE})")
    double validationPercent;

    @Option(names = "--test-percent", defaultValue = "10", description = "as given to retrain (default: ${DEFAULT-VALUE})")
    double testPercent;

    @Option(names = "--limit", description = "evaluate only the first N images")
    Integer limit;

    @Option(names = "--parallel", defaultValue = "1", description = "images classified at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--json", description = "print {\"count\": N, \"top1\": x, \"top5\": y}")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private record Sample(Path image, String label) {
    }

    /** mlts layout: image-N.jpeg and line N of the ground truth, checked against the labels file. */
    private List<Sample> mltsSamples() throws java.io.IOException {
        if (labels == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ground-truth needs --labels");
        }
        List<String> truth = Files.readAllLines(groundTruth);
        java.util.Set<String> known = new java.util.HashSet<>(Labels.read(labels));
        List<Sample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            String label = truth.get(i).strip();
            if (!known.contains(label)) {
                throw new IllegalArgumentException("ground truth line " + (i + 1) + " '" + label + "' is not in " + labels);
            }
            samples.add(new Sample(images.resolve("image-" + i + ".jpeg"), label));
        }
        return samples;
    }

    /** Class-folder layout: every image of the chosen split, labelled by its folder's name. */
    private List<Sample> folderSamples() {
        ImageFolder folder = ImageFolder.scan(images, validationPercent, testPercent, w -> System.err.println(w));
        List<LabeledImage> chosen;
        if (split.equalsIgnoreCase("all")) {
            chosen = folder.images();
        } else {
            try {
                chosen = folder.images(Split.valueOf(split.toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--split: '" + split + "' is not all, train, validation or test");
            }
        }
        return chosen.stream().map(i -> new Sample(i.file(), folder.labels().get(i.label()))).toList();
    }

    @Override
    public Integer call() throws Exception {
        boolean folderLayout = groundTruth == null;
        List<Sample> samples = folderLayout ? folderSamples() : mltsSamples();
        int n = limit == null ? samples.size() : Math.min(limit, samples.size());
        double cropFraction = crop != null ? crop : folderLayout ? 1.0 : 0.875;
        ImageClassifier.Builder b = classifierOptions.builder(labels).maxResults(5).centerCrop(cropFraction);
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger top1 = new AtomicInteger();
        AtomicInteger top5 = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        boolean progress = System.console() != null && !json;
        PrintWriter out = spec.commandLine().getOut();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try (ImageClassifier classifier = b.build()) {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                Sample sample = samples.get(i);
                futures.add(pool.submit(() -> {
                    List<Classification> r;
                    try {
                        r = classifier.classify(sample.image());
                    } catch (InvalidImageException e) {
                        if (!folderLayout) {
                            throw e;
                        }
                        System.err.println("skipped " + sample.image() + ": " + e.getMessage());
                        skipped.incrementAndGet();
                        done.incrementAndGet();
                        return null;
                    }
                    if (r.get(0).label().equals(sample.label())) {
                        top1.incrementAndGet();
                    }
                    if (r.stream().anyMatch(c -> c.label().equals(sample.label()))) {
                        top5.incrementAndGet();
                    }
                    int d = done.incrementAndGet();
                    if (progress && (d % 10 == 0 || d == n)) {
                        int bar = d * 40 / n;
                        System.err.printf("\r[%s%s] %d/%d  top-1 %.3f", "#".repeat(bar), " ".repeat(40 - bar), d, n,
                                top1.get() / (double) d);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (progress) {
            System.err.println();
        }
        int scored = n - skipped.get();
        if (scored == 0) {
            throw new IllegalArgumentException("no image in " + images + " could be scored");
        }
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("count", scored);
            o.addProperty("top1", top1.get() / (double) scored);
            o.addProperty("top5", top5.get() / (double) scored);
            if (skipped.get() > 0) {
                o.addProperty("skipped", skipped.get());
            }
            out.println(Json.GSON.toJson(o));
        } else {
            out.printf("%d images: top-1 %.4f, top-5 %.4f%s%n", scored, top1.get() / (double) scored,
                    top5.get() / (double) scored, skipped.get() > 0 ? " (" + skipped.get() + " skipped)" : "");
        }
        out.flush();
        return 0;
    }
}
