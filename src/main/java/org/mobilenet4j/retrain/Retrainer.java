package org.mobilenet4j.retrain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.catalog.ModelFetcher;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.model.Model;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.task.ImageEmbedder;
import org.mobilenet4j.tflite.TfliteMetadata;

/**
 * Retrains a MobileNet on a folder of class sub-folders: embeds every image with the base model (cached on
 * disk, in parallel), trains a softmax head (or imprints one) on the training split, scores the test split,
 * and gives a {@link RetrainResult} that exports base + head as one .tflite with labels in its metadata.
 *
 * <pre>{@code
 * RetrainResult r = Retrainer.builder().images(Path.of("flowers")).model(Path.of("base.tflite"))
 *         .cache(Path.of("cache")).build().run();
 * System.out.println(r.summary());
 * r.export(Path.of("flowers.tflite"));
 * }</pre>
 *
 * Not thread-safe (one run at a time); {@link #run()} may be called again, e.g. after changing nothing,
 * and reads the cache.
 */
public final class Retrainer {
    /**
     * The catalog model retraining uses when none is given: Coral's MobileNet v1 1.0/224 uint8 embedding
     * extractor, the largest v1 of the catalog and made for retraining (1024 values per image). On
     * flowers-128 with the default head it scored 0.79 on the test split, against 0.71 for
     * {@code mobilenet_v2_1.0_224_quant} and 0.63 for {@code mobilenet_v1_0.75_192_quant} (README, Retraining).
     */
    public static final String DEFAULT_MODEL = "mobilenet_v1_1.0_224_quant";

    /** A class with fewer readable images than this gets a warning (retrain.py warns below 20). */
    public static final int FEW_IMAGES = 20;

    private final Path images;
    private final ModelSource model;
    private final Path cache;
    private final TrainingOptions training;
    private final boolean imprint;
    private final double validationPercent;
    private final double testPercent;
    private final int threads;
    private final int augment;
    private final boolean quantize;
    private final Backend backend;
    private final Consumer<String> log;

    private Retrainer(Builder b) {
        this.images = Objects.requireNonNull(b.images, "no images folder: call images(...)");
        this.model = b.model;
        this.cache = b.cache;
        this.training = b.training;
        this.imprint = b.imprint;
        this.validationPercent = b.validationPercent;
        this.testPercent = b.testPercent;
        this.threads = b.threads;
        this.augment = b.augment;
        this.quantize = b.quantize;
        this.backend = b.backend;
        this.log = b.log;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scans, embeds, trains and tests. Progress and warnings go to the builder's log. Without a base model,
     * {@link #DEFAULT_MODEL} is fetched from the catalog (or taken from the model cache) first, and said so.
     */
    public RetrainResult run() {
        ModelSource model = this.model != null ? this.model : defaultModel(log);
        ImageFolder folder = ImageFolder.scan(images, validationPercent, testPercent, log);
        List<String> labels = folder.labels();
        ImageEmbedder.Builder eb = ImageEmbedder.builder().model(model);
        if (backend != null) {
            eb.backend(backend);
        }
        EmbeddedImages embedded;
        Examples augmented = null;
        String layer;
        TfliteMetadata metadata;
        Model base = model.load();
        String name = base.info().name() + " retrained on " + images.toAbsolutePath().normalize().getFileName();
        long t0 = System.nanoTime();
        double embedSeconds;
        try (ImageEmbedder embedder = eb.build()) {
            layer = embedder.layer();
            EmbeddingCache c = cache == null ? null : new EmbeddingCache(cache, embedder.cacheKey());
            log.accept(String.format(Locale.ROOT, "%d image files in %d classes (%d train, %d validation, %d test); "
                            + "embedding '%s' (%d values) on %s", folder.images().size(), labels.size(),
                    folder.images(Split.TRAIN).size(), folder.images(Split.VALIDATION).size(),
                    folder.images(Split.TEST).size(), layer, embedder.dimension(), embedder.backendName()));
            embedded = EmbeddedImages.compute(folder.images(), embedder, c, threads, log);
            embedSeconds = (System.nanoTime() - t0) / 1e9;
            for (String p : embedded.problems()) {
                log.accept("skipped " + p);
            }
            log.accept(String.format(Locale.ROOT, "%d embeddings from cache, %d computed in %.1f s",
                    embedded.fromCache(), embedded.images().size() - embedded.fromCache(), embedSeconds));
            warnFewImages(folder, embedded, log);
            if (augment > 0 && !imprint) {
                List<LabeledImage> readable = embedded.images().stream().filter(i -> i.split() == Split.TRAIN)
                        .toList();
                long ta = System.nanoTime();
                augmented = EmbeddedImages.augmented(readable, augment, training.seed(), embedder, threads);
                log.accept(String.format(Locale.ROOT, "%d augmented training variants embedded in %.1f s (not cached)",
                        augmented.size(), (System.nanoTime() - ta) / 1e9));
            }
            metadata = new TfliteMetadata(name, "Classifies images into " + labels.size() + " classes ("
                    + String.join(", ", labels) + "): " + model.name() + " up to '" + layer + "' with a softmax head "
                    + (imprint ? "imprinted" : "trained") + " by mobilenet4j.",
                    embedder.preprocessing().mean(), embedder.preprocessing().std(), labels, "labels.txt");
        }
        Examples train = augmented == null ? embedded.examples(Split.TRAIN)
                : embedded.examples(Split.TRAIN).plus(augmented);
        Examples validation = embedded.examples(Split.VALIDATION);
        Examples test = embedded.examples(Split.TEST);
        for (int c = 0; c < labels.size(); c++) {
            int k = c;
            if (java.util.Arrays.stream(train.y()).noneMatch(y -> y == k)) {
                throw new IllegalArgumentException("class '" + labels.get(c) + "' has no readable training image "
                        + "(add images or lower --validation-percent / --test-percent)");
            }
        }
        if (test.size() == 0) {
            log.accept("warning: the test split is empty; no test accuracy (raise --test-percent or add images)");
        }
        long t1 = System.nanoTime();
        TrainedHead trained = imprint ? Imprinting.imprint(train, labels.size())
                : HeadTrainer.train(train, validation, labels.size(), training, s -> log.accept(s.line()));
        double trainSeconds = (System.nanoTime() - t1) / 1e9;
        if (!imprint) {
            log.accept(String.format(Locale.ROOT, "trained in %.2f s; kept epoch %d", trainSeconds,
                    trained.bestEpoch()));
        }
        List<Prediction> predictions = new ArrayList<>();
        int[] truth = new int[test.size()];
        int[] predicted = new int[test.size()];
        for (int i = 0; i < test.size(); i++) {
            double[] p = trained.head().probabilities(test.x()[i]);
            truth[i] = test.y()[i];
            predicted[i] = SoftmaxHead.argmax(p);
            predictions.add(new Prediction(test.images().get(i), predicted[i], p));
        }
        Graph classifier = ClassifierGraph.build(base.graph(), base.graph().tensorId(layer), trained.head(), name,
                quantize ? java.util.Arrays.asList(train.x()) : null);
        return new RetrainResult(labels, trained, new ConfusionMatrix(labels, truth, predicted), predictions,
                embedded.problems(), embedded.images().size(), embedded.fromCache(), embedSeconds, trainSeconds,
                classifier, metadata);
    }

    /** A warning per class with fewer than {@link #FEW_IMAGES} images that decoded (unreadable files not counted). */
    private static void warnFewImages(ImageFolder folder, EmbeddedImages embedded, Consumer<String> log) {
        int[] files = new int[folder.labels().size()];
        int[] readable = new int[files.length];
        folder.images().forEach(i -> files[i.label()]++);
        embedded.images().forEach(i -> readable[i.label()]++);
        for (int c = 0; c < files.length; c++) {
            if (readable[c] < FEW_IMAGES) {
                int skipped = files[c] - readable[c];
                log.accept("warning: class '" + folder.labels().get(c) + "' has only " + readable[c] + " images (fewer "
                        + "than " + FEW_IMAGES + (skipped > 0 ? "; " + skipped + " unreadable file(s) skipped" : "")
                        + "): expect a weak classifier for it");
            }
        }
    }

    private static ModelSource defaultModel(Consumer<String> log) {
        log.accept("base model: " + DEFAULT_MODEL + " (default; model(...) to choose)");
        try {
            return ModelSource.of(ModelFetcher.withDefaults(log).fetch(DEFAULT_MODEL));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch the default base model " + DEFAULT_MODEL + ": "
                    + org.mobilenet4j.batch.ErrorText.of(e), e);
        }
    }

    /**
     * Configures a {@link Retrainer}; images folder required, base model defaults to {@link #DEFAULT_MODEL}.
     * Not thread-safe.
     */
    public static final class Builder {
        private Path images;
        private ModelSource model;
        private Path cache;
        private TrainingOptions training = TrainingOptions.DEFAULTS;
        private boolean imprint;
        private double validationPercent = 10;
        private double testPercent = 10;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int augment;
        private boolean quantize;
        private Backend backend;
        private Consumer<String> log = s -> { };

        private Builder() {
        }

        /** The data set: one sub-folder of images per class. */
        public Builder images(Path folder) {
            this.images = Objects.requireNonNull(folder, "images");
            return this;
        }

        /** The base model: a .tflite classifier or embedding extractor (default: {@link #DEFAULT_MODEL}). */
        public Builder model(Path file) {
            this.model = ModelSource.of(Objects.requireNonNull(file, "model"));
            return this;
        }

        public Builder model(ModelSource source) {
            this.model = Objects.requireNonNull(source, "model");
            return this;
        }

        /** Where embeddings are cached (default: no cache). */
        public Builder cache(Path folder) {
            this.cache = Objects.requireNonNull(folder, "cache");
            return this;
        }

        /** Training hyper-parameters (default {@link TrainingOptions#DEFAULTS}). */
        public Builder training(TrainingOptions options) {
            this.training = Objects.requireNonNull(options, "training");
            return this;
        }

        /** Imprint the head instead of training it (default off). */
        public Builder imprint(boolean on) {
            this.imprint = on;
            return this;
        }

        /** Percent of images in the validation and test splits (defaults 10 and 10, as retrain.py). */
        public Builder split(double validationPercent, double testPercent) {
            Split.checkPercentages(validationPercent, testPercent);
            this.validationPercent = validationPercent;
            this.testPercent = testPercent;
            return this;
        }

        /**
         * Also train on {@code copies} random variants of each training image (flip, crop / scale,
         * brightness: {@link Augmentation}), embedded afresh every run, not cached (default 0: none).
         * Ignored by imprinting.
         */
        public Builder augment(int copies) {
            if (copies < 0) {
                throw new IllegalArgumentException("augmentation copies must be >= 0, got " + copies);
            }
            this.augment = copies;
            return this;
        }

        /**
         * Export the head quantized like an 8-bit backbone (integer FULLY_CONNECTED + SOFTMAX, logit range
         * from the training embeddings), for fully integer models; default off (float head after DEQUANTIZE).
         * The accuracy {@link Retrainer#run()} reports is the float head's.
         */
        public Builder quantize(boolean on) {
            this.quantize = on;
            return this;
        }

        /**
         * Model runs at once while embedding (default: the number of processors); files are read, decoded
         * and resized on at least as many workers as processors, overlapping the model runs.
         */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** The backend that computes embeddings (default: the best available). */
        public Builder backend(Backend b) {
            this.backend = Objects.requireNonNull(b, "backend");
            return this;
        }

        /** Receives progress lines, warnings and skipped files (default: dropped). */
        public Builder log(Consumer<String> sink) {
            this.log = Objects.requireNonNull(sink, "log");
            return this;
        }

        public Retrainer build() {
            return new Retrainer(this);
        }
    }
}
