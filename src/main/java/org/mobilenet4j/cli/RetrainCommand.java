package org.mobilenet4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mobilenet4j.retrain.EpochStats;
import org.mobilenet4j.retrain.ImageFolder;
import org.mobilenet4j.retrain.Optimizer;
import org.mobilenet4j.retrain.ReportWriter;
import org.mobilenet4j.retrain.RetrainResult;
import org.mobilenet4j.retrain.Retrainer;
import org.mobilenet4j.retrain.TrainingOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code retrain}: a new classifier head on a base model, from a folder of class sub-folders. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Train a classifier on your own images (one sub-folder per class) on top of a MobileNet; "
                + "writes one .tflite with the labels in its metadata, and the labels list named after it "
                + "(flowers.tflite: flowers.labels.txt). Options are checked before any work starts.")
public final class RetrainCommand implements Callable<Integer> {
    @Option(names = "--images", required = true, paramLabel = "DIR",
            description = "folder with one sub-folder of images per class")
    Path images;

    @Option(names = "--model", converter = ModelReference.Name.class, paramLabel = "MODEL",
            description = "base model: a .tflite classifier or embedding extractor, or a catalog name (default: "
                    + Retrainer.DEFAULT_MODEL + ", fetched on first use)")
    String model;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "the .tflite to write, in a "
            + "folder that exists; its labels list goes beside it as <name>.labels.txt (both replaced if present)")
    Path output;

    @Option(names = "--epochs", paramLabel = "N",
            description = "at most this many epochs, N >= 1 (default: " + TrainingOptions.DEFAULT_EPOCHS + ")")
    Integer epochs;

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "step size, > 0 (default: " + TrainingOptions.DEFAULT_LEARNING_RATE + ")")
    Double learningRate;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "examples per step, N >= 1 (default: " + TrainingOptions.DEFAULT_BATCH_SIZE + ")")
    Integer batchSize;

    @Option(names = "--weight-decay", paramLabel = "D",
            description = "L2 penalty on the weights, >= 0 (default: " + TrainingOptions.DEFAULT_WEIGHT_DECAY + ")")
    Double weightDecay;

    @Option(names = "--label-smoothing", paramLabel = "S", description = "label smoothing in [0, 1) (default: 0)")
    Double labelSmoothing;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam or sgd (momentum 0.9) (default: adam)")
    String optimizer;

    @Option(names = "--patience", paramLabel = "N", description = "stop after N epochs without a lower validation "
            + "loss; 0: never (default: " + TrainingOptions.DEFAULT_PATIENCE + ")")
    Integer patience;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the shuffle and augmentation: same seed, "
            + "same model (default: " + TrainingOptions.DEFAULT_SEED + ")")
    Long seed;

    @CommandLine.Mixin
    SplitOptions split;

    @Option(names = "--imprint", description = "imprint the head (class means of normalized embeddings) instead of "
            + "training it; works from a few images per class")
    boolean imprint;

    @Option(names = "--augment", defaultValue = "0", paramLabel = "N", description = "also train on N random "
            + "variants (flip, crop / scale, brightness) of each training image, embedded every run, not cached "
            + "(default: ${DEFAULT-VALUE})")
    int augment;

    @Option(names = "--quantize", description = "quantize the head like the 8-bit backbone (integer FULLY_CONNECTED and "
            + "SOFTMAX calibrated on the training embeddings); the printed accuracy is the float head's")
    boolean quantize;

    @Option(names = "--cache", paramLabel = "DIR", description = "embedding cache folder (default: "
            + "~/.mobilenet4j/embeddings)")
    Path cache;

    @Option(names = "--no-cache", description = "do not read or write cached embeddings")
    boolean noCache;

    @Option(names = "--threads", paramLabel = "T", description = "model runs at once while embedding, T >= 1; "
            + "decoding overlaps them on one worker per processor (default: number of processors)")
    Integer threads;

    @Option(names = "--backend", paramLabel = "NAME", completionCandidates = ComputeOptions.BackendNames.class,
            description = "${COMPLETION-CANDIDATES} (default: the first of these whose natives load here)")
    String backend;

    @Option(names = "--report", paramLabel = "DIR",
            description = "also write PNG charts (loss, accuracy, confusion, worst test images) here")
    Path report;

    @Option(names = "--json", description = "print one JSON object instead of text (progress still goes to stderr)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (noCache && cache != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--no-cache contradicts --cache " + cache);
        }
        Retrainer.Builder b = builder();
        checkPath("--output", RetrainResult::checkOutput, output);
        if (report != null) {
            checkPath("--report", ReportWriter::checkDir, report);
        }
        // the class folders before the base model, which may be a download: a wrong --images fails at once
        ImageFolder.scan(images, split.validationPercent, split.testPercent, warning -> { });
        PrintWriter err = spec.commandLine().getErr();
        if (model == null) {
            err.println("base model: " + Retrainer.DEFAULT_MODEL + " (default; --model to choose)");
            err.flush();
        }
        Path base = ModelReference.resolve(model != null ? model : Retrainer.DEFAULT_MODEL).model();
        RetrainResult r = b.model(base).log(line -> {
            err.println(line);
            err.flush();
        }).build().run();
        Path labelsFile = r.export(output);
        if (report != null) {
            ReportWriter.write(r, report);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.GSON.toJson(toJson(r, labelsFile)));
        } else {
            out.println(r.summary());
            out.print(r.test().format());
            out.printf(Locale.ROOT, "wrote %s and %s%n", output, labelsFile);
            if (report != null) {
                out.printf(Locale.ROOT, "report in %s%n", report);
            }
        }
        out.flush();
        return 0;
    }

    /**
     * The retrainer the options describe, without the base model: every value checked by the library, where its
     * rule is, and a bad one a usage error naming the option.
     */
    private Retrainer.Builder builder() {
        TrainingOptions o = TrainingOptions.DEFAULTS;
        if (epochs != null) {
            o = check("--epochs", o::withEpochs, epochs);
        }
        if (learningRate != null) {
            o = check("--learning-rate", o::withLearningRate, learningRate);
        }
        if (batchSize != null) {
            o = check("--batch-size", o::withBatchSize, batchSize);
        }
        if (weightDecay != null) {
            o = check("--weight-decay", o::withWeightDecay, weightDecay);
        }
        if (labelSmoothing != null) {
            o = check("--label-smoothing", o::withLabelSmoothing, labelSmoothing);
        }
        if (optimizer != null) {
            o = o.withOptimizer(parseOptimizer(optimizer));
        }
        if (patience != null) {
            o = check("--patience", o::withPatience, patience);
        }
        if (seed != null) {
            o = o.withSeed(seed);
        }
        split.check(spec);
        Retrainer.Builder b = Retrainer.builder().images(images).training(o).imprint(imprint)
                .split(split.validationPercent, split.testPercent).quantize(quantize);
        check("--augment", b::augment, augment);
        if (!noCache) {
            b.cache(cache != null ? cache : Path.of(System.getProperty("user.home"), ".mobilenet4j", "embeddings"));
        }
        if (threads != null) {
            check("--threads", b::threads, threads);
        }
        if (backend != null) {
            b.backend(ComputeOptions.backendNamed(backend, spec));
        }
        return b;
    }

    /** {@code f(value)}; the library's {@link IllegalArgumentException} becomes a usage error naming {@code option}. */
    private <V, R> R check(String option, Function<V, R> f, V value) {
        return check(option, () -> f.apply(value));
    }

    private <R> R check(String option, Supplier<R> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** {@code rule(path)}, a path check that throws {@link IllegalArgumentException}, as {@link #check}. */
    private void checkPath(String option, Consumer<Path> rule, Path path) {
        check(option, () -> {
            rule.accept(path);
            return null;
        });
    }

    private Optimizer parseOptimizer(String name) {
        try {
            return Optimizer.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--optimizer: '" + name + "' is not adam or sgd");
        }
    }

    private JsonObject toJson(RetrainResult r, Path labelsFile) {
        JsonObject o = new JsonObject();
        o.addProperty("output", output.toString());
        o.addProperty("labelsFile", labelsFile.toString());
        JsonArray labels = new JsonArray();
        r.labels().forEach(labels::add);
        o.add("labels", labels);
        o.addProperty("images", r.embedded());
        o.addProperty("fromCache", r.fromCache());
        JsonArray skipped = new JsonArray();
        r.problems().forEach(skipped::add);
        o.add("skipped", skipped);
        o.addProperty("testImages", r.test().total());
        o.addProperty("testAccuracy", r.test().total() == 0 ? null : r.testAccuracy()); // none: null, as evaluate
        JsonArray matrix = new JsonArray();
        for (int t = 0; t < r.labels().size(); t++) {
            JsonArray row = new JsonArray();
            for (int p = 0; p < r.labels().size(); p++) {
                row.add(r.test().count(t, p));
            }
            matrix.add(row);
        }
        o.add("confusion", matrix);
        o.addProperty("bestEpoch", r.trained().bestEpoch());
        JsonArray epochs = new JsonArray();
        for (EpochStats s : r.trained().history()) {
            JsonObject e = new JsonObject();
            e.addProperty("epoch", s.epoch());
            e.addProperty("loss", s.trainLoss());
            e.addProperty("trainAccuracy", s.trainAccuracy());
            if (!Double.isNaN(s.validationLoss())) {
                e.addProperty("validationLoss", s.validationLoss());
                e.addProperty("validationAccuracy", s.validationAccuracy());
            }
            epochs.add(e);
        }
        o.add("epochs", epochs);
        o.addProperty("embedSeconds", r.embedSeconds());
        o.addProperty("trainSeconds", r.trainSeconds());
        return o;
    }
}
