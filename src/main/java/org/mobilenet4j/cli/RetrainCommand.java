package org.mobilenet4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.retrain.EpochStats;
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
                + "writes one .tflite with the labels in its metadata, and labels.txt next to it.")
public final class RetrainCommand implements Callable<Integer> {
    @Option(names = "--images", required = true, description = "folder with one sub-folder of images per class")
    Path images;

    @Option(names = "--model",
            description = "base model: a .tflite classifier or embedding extractor, or a catalog name (default: "
                    + Retrainer.DEFAULT_MODEL + ", fetched on first use)")
    String model;

    @Option(names = "--output", required = true, description = "the .tflite to write")
    Path output;

    @Option(names = "--epochs", description = "at most this many epochs (default: " + TrainingOptions.DEFAULT_EPOCHS + ")")
    Integer epochs;

    @Option(names = "--learning-rate", description = "step size (default: " + TrainingOptions.DEFAULT_LEARNING_RATE + ")")
    Double learningRate;

    @Option(names = "--batch-size", description = "examples per step (default: " + TrainingOptions.DEFAULT_BATCH_SIZE + ")")
    Integer batchSize;

    @Option(names = "--weight-decay", description = "L2 penalty on the weights (default: " + TrainingOptions.DEFAULT_WEIGHT_DECAY + ")")
    Double weightDecay;

    @Option(names = "--label-smoothing", description = "label smoothing in [0, 1) (default: 0)")
    Double labelSmoothing;

    @Option(names = "--optimizer", description = "adam or sgd (momentum 0.9) (default: adam)")
    String optimizer;

    @Option(names = "--patience", description = "stop after N epochs without a lower validation loss; 0: never "
            + "(default: " + TrainingOptions.DEFAULT_PATIENCE + ")")
    Integer patience;

    @Option(names = "--seed", description = "seed of the shuffle and augmentation: same seed, same model (default: "
            + TrainingOptions.DEFAULT_SEED + ")")
    Long seed;

    @Option(names = "--validation-percent", defaultValue = "10", description = "(default: ${DEFAULT-VALUE})")
    double validationPercent;

    @Option(names = "--test-percent", defaultValue = "10", description = "(default: ${DEFAULT-VALUE})")
    double testPercent;

    @Option(names = "--imprint", description = "imprint the head (class means of normalized embeddings) instead of "
            + "training it; works from a few images per class")
    boolean imprint;

    @Option(names = "--augment", defaultValue = "0", description = "also train on N random variants (flip, crop / "
            + "scale, brightness) of each training image, embedded every run, not cached (default: ${DEFAULT-VALUE})")
    int augment;

    @Option(names = "--quantize", description = "quantize the head like the 8-bit backbone (integer FULLY_CONNECTED and "
            + "SOFTMAX calibrated on the training embeddings); the printed accuracy is the float head's")
    boolean quantize;

    @Option(names = "--cache", description = "embedding cache folder (default: ~/.mobilenet4j/embeddings)")
    Path cache;

    @Option(names = "--no-cache", description = "do not read or write cached embeddings")
    boolean noCache;

    @Option(names = "--threads", description = "model runs at once while embedding; decoding overlaps them on one worker per processor "
            + "(default: number of processors)")
    Integer threads;

    @Option(names = "--backend", description = "xnnpack, openblas or reference (default: the fastest available)")
    String backend;

    @Option(names = "--report", description = "also write PNG charts (loss, accuracy, confusion, worst test images) here")
    Path report;

    @Option(names = "--json", description = "print one JSON object instead of text (progress still goes to stderr)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainingOptions o = TrainingOptions.DEFAULTS;
        if (epochs != null) {
            o = o.withEpochs(epochs);
        }
        if (learningRate != null) {
            o = o.withLearningRate(learningRate);
        }
        if (batchSize != null) {
            o = o.withBatchSize(batchSize);
        }
        if (weightDecay != null) {
            o = o.withWeightDecay(weightDecay);
        }
        if (labelSmoothing != null) {
            o = o.withLabelSmoothing(labelSmoothing);
        }
        if (optimizer != null) {
            o = o.withOptimizer(parseOptimizer(optimizer));
        }
        if (patience != null) {
            o = o.withPatience(patience);
        }
        if (seed != null) {
            o = o.withSeed(seed);
        }
        PrintWriter err = spec.commandLine().getErr();
        if (model == null) {
            err.println("base model: " + Retrainer.DEFAULT_MODEL + " (default; --model to choose)");
            err.flush();
        }
        Path base = ModelReference.resolve(model != null ? model : Retrainer.DEFAULT_MODEL).model();
        Retrainer.Builder b = Retrainer.builder().images(images).model(base)
                .training(o).imprint(imprint).augment(augment).quantize(quantize).split(validationPercent, testPercent)
                .log(line -> {
                    err.println(line);
                    err.flush();
                });
        if (!noCache) {
            b.cache(cache != null ? cache : Path.of(System.getProperty("user.home"), ".mobilenet4j", "embeddings"));
        }
        if (threads != null) {
            b.threads(threads);
        }
        if (backend != null) {
            b.backend(Backends.byName(backend));
        }
        RetrainResult r = b.build().run();
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
        o.addProperty("testAccuracy", r.testAccuracy());
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
