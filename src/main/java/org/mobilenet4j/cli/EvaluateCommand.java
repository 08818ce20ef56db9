package org.mobilenet4j.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.task.Labels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: top-1 / top-5 accuracy over a labelled folder laid out as mlts-openimages: images
 * {@code image-N.jpeg} (N from 0), and a ground-truth file whose line N (from 0) is image N's label, matched by
 * name against the labels file.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Top-1/top-5 accuracy of a model over a labelled image folder.")
public final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ClassifierOptions classifierOptions;

    @Option(names = "--images", required = true, description = "folder of image-N.jpeg files")
    Path images;

    @Option(names = "--ground-truth", required = true, description = "line N: the label of image N")
    Path groundTruth;

    @Option(names = "--labels", required = true, description = "the model's labels, one per output")
    Path labels;

    @Option(names = "--crop", defaultValue = "0.875", description = "centre crop fraction (default: ${DEFAULT-VALUE})")
    double crop;

    @Option(names = "--limit", description = "evaluate only the first N images")
    Integer limit;

    @Option(names = "--parallel", defaultValue = "1", description = "images classified at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--json", description = "print {\"count\": N, \"top1\": x, \"top5\": y}")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> truth = Files.readAllLines(groundTruth);
        List<String> modelLabels = Labels.read(labels);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < modelLabels.size(); i++) {
            index.putIfAbsent(modelLabels.get(i), i);
        }
        int n = limit == null ? truth.size() : Math.min(limit, truth.size());
        ImageClassifier.Builder b = classifierOptions.builder(labels).maxResults(5).centerCrop(crop);
        AtomicInteger top1 = new AtomicInteger();
        AtomicInteger top5 = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        boolean progress = System.console() != null && !json;
        PrintWriter out = spec.commandLine().getOut();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try (ImageClassifier classifier = b.build()) {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String label = truth.get(i).strip();
                Integer expected = index.get(label);
                if (expected == null) {
                    throw new IllegalArgumentException("ground truth line " + (i + 1) + " '" + label
                            + "' is not in " + labels);
                }
                Path image = images.resolve("image-" + i + ".jpeg");
                futures.add(pool.submit(() -> {
                    List<Classification> r = classifier.classify(image);
                    if (r.get(0).index() == expected) {
                        top1.incrementAndGet();
                    }
                    if (r.stream().anyMatch(c -> c.index() == expected)) {
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
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("count", n);
            o.addProperty("top1", top1.get() / (double) n);
            o.addProperty("top5", top5.get() / (double) n);
            out.println(Json.GSON.toJson(o));
        } else {
            out.printf("%d images: top-1 %.4f, top-5 %.4f%n", n, top1.get() / (double) n, top5.get() / (double) n);
        }
        out.flush();
        return 0;
    }
}
