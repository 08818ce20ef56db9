package org.mobilenet4j.classify;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.ResourcePool;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.tflite.ModelInfo;
import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.tflite.TfliteModel;
import org.mobilenet4j.vision.HalfPixelBilinearResize;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InputEncoder;
import org.mobilenet4j.vision.Region;
import org.mobilenet4j.vision.RgbImage;

/**
 * Classifies images with a TFLite MobileNet.
 *
 * <pre>{@code
 * try (ImageClassifier c = ImageClassifier.builder().model(path).maxResults(5).build()) {
 *     List<Classification> top = c.classify(image);
 * }
 * }</pre>
 *
 * Pre-processing, in order: decode to RGB; the region of interest, if set; the centre crop, if set
 * (fraction of the shorter side); bilinear resize with half-pixel centres to the model's input size; then
 * {@link InputEncoder} (float: (p - mean) / std with mean/std from the options, else the model's metadata,
 * else 127.5/127.5; uint8: raw pixels; int8: normalized then quantized). Scores are probabilities: the
 * output is dequantized, and a model whose last op is not a softmax (it outputs logits) gets one applied here.
 *
 * <p>Backend: {@link org.mobilenet4j.backend.Backends#best()} unless {@link Builder#backend} says otherwise
 * (XNNPACK, else OpenBLAS, else the reference executor). A float-only backend (OpenBLAS) runs a quantized
 * model dequantized; {@link #graph()} is the graph that runs.
 *
 * <p>Thread safety: {@link #classify}, {@link #classifyTensor} and {@link #scores} may be called from many
 * threads at once on one classifier: every backend gives each concurrent call its own native workspace, and
 * the classifier its own input and output tensors (pooled, so a call allocates no native memory).
 * {@link #close()} is idempotent, waits for calls already running, and calls after it throw
 * {@link IllegalStateException}.
 */
public final class ImageClassifier implements AutoCloseable {
    private final ClassifierOptions options;
    private final Graph graph;
    private final Executable executable;
    private final InputEncoder encoder;
    private final List<String> labels;
    private final boolean outputsLogits;
    private final String name;
    private volatile boolean closed;
    private final java.lang.ref.Cleaner.Cleanable cleanable;

    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    /** One caller's input and output tensors, reused so that classifying allocates no native memory. */
    private record Tensors(ByteBuffer input, ByteBuffer output) implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    private final ResourcePool<Tensors> tensors;

    private ImageClassifier(ClassifierOptions options) {
        this.options = options;
        TfliteModel model = TfliteImporter.read(options.model());
        ModelInfo info = model.info();
        Graph g = model.graph();
        if (options.head() != null) {
            TfliteModel head = TfliteImporter.read(options.head());
            g = g.then(head.graph());
            info = head.info().labels() != null ? new ModelInfo(info.name(), info.mean(), info.std(), head.info().labels())
                    : info;
        }
        g = options.dequantize() ? org.mobilenet4j.graph.Dequantizer.toFloat(g) : g;
        this.name = info.name();
        if (g.inputs().length != 1 || g.outputs().length != 1) {
            throw new IllegalArgumentException(name + ": a classifier needs one input and one output, model has "
                    + g.inputs().length + " and " + g.outputs().length);
        }
        float[] mean = options.mean() != null ? options.mean() : info.mean() != null ? info.mean() : new float[] {127.5f};
        float[] std = options.std() != null ? options.std() : info.std() != null ? info.std() : new float[] {127.5f};
        this.encoder = new InputEncoder(g.inputType(0), mean, std);
        int classes = (int) g.outputType(0).elementCount();
        List<String> l = options.labels() != null ? Labels.read(options.labels()) : info.labels();
        if (l != null && l.size() != classes) {
            throw new IllegalArgumentException(name + ": " + l.size() + " labels for " + classes + " outputs");
        }
        this.labels = l;
        List<Node> nodes = g.nodes();
        this.outputsLogits = nodes.isEmpty() || !(lastComputing(nodes).op() instanceof Op.Softmax);
        this.executable = options.backend().compile(g, new BackendOptions(options.numThreads()));
        // the graph that runs: a float-only backend runs a quantized model dequantized (float outputs)
        this.graph = executable.graph();
        TensorType inType = graph.inputType(0);
        TensorType outType = graph.outputType(0);
        this.tensors = new ResourcePool<>(() -> new Tensors(TensorBuffers.allocate(inType),
                TensorBuffers.allocate(outType)));
        // safety net: a classifier that is never closed still frees its native memory once unreachable
        Executable exe = executable;
        this.cleanable = CLEANER.register(this, exe::close);
    }

    /** The last node that is not a reshape or (de)quantize. */
    private static Node lastComputing(List<Node> nodes) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Op op = nodes.get(i).op();
            if (!(op instanceof Op.Reshape || op instanceof Op.Quantize || op instanceof Op.Dequantize)) {
                return nodes.get(i);
            }
        }
        return nodes.get(nodes.size() - 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String modelName() {
        return name;
    }

    public Graph graph() {
        return graph;
    }

    /** True when the model outputs logits and this classifier applies the softmax. */
    public boolean appliesSoftmax() {
        return outputsLogits;
    }

    public List<Classification> classify(Path imageFile) {
        checkOpen();
        // reduced decoding only without a region: a region is given in the full image's pixels
        RgbImage image = options.reducedDecoding() && options.region() == null
                ? RgbImage.readReduced(imageFile, options.imageLimits(), Math.max(encoder.width(), encoder.height()))
                : RgbImage.read(imageFile, options.imageLimits());
        return classify(image, options.region());
    }

    public List<Classification> classify(BufferedImage image) {
        checkOpen();
        return classify(RgbImage.of(Objects.requireNonNull(image, "image")), options.region());
    }

    public List<Classification> classify(BufferedImage image, Region region) {
        checkOpen();
        return classify(RgbImage.of(Objects.requireNonNull(image, "image")), region);
    }

    private List<Classification> classify(RgbImage image, Region region) {
        RgbImage img = region != null ? image.crop(region) : image;
        if (options.cropFraction() < 1) {
            img = img.centerCrop(options.cropFraction());
        }
        img = HalfPixelBilinearResize.resize(img, encoder.width(), encoder.height());
        Tensors t = tensors.take();
        try {
            return topK(scores(encoder.encode(img, t.input), t.output));
        } finally {
            tensors.give(t);
        }
    }

    /** Classifies a ready input tensor: the model's input type, NHWC, in the buffer's byte order. */
    public List<Classification> classifyTensor(ByteBuffer input) {
        checkOpen();
        TensorType inType = graph.inputType(0);
        if (input == null || input.remaining() != inType.byteSize()) {
            throw new IllegalArgumentException("input tensor must hold " + inType.byteSize() + " bytes for " + inType
                    + ", got " + (input == null ? "null" : input.remaining()));
        }
        return topK(scores(input));
    }

    /** Classifies a float input tensor (float models only). */
    public List<Classification> classifyTensor(FloatBuffer input) {
        checkOpen();
        TensorType inType = graph.inputType(0);
        if (inType.dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("the model takes " + inType + "; give a ByteBuffer");
        }
        if (input == null || input.remaining() != inType.elementCount()) {
            throw new IllegalArgumentException("input tensor must hold " + inType.elementCount() + " floats, got "
                    + (input == null ? "null" : input.remaining()));
        }
        Tensors t = tensors.take();
        try {
            t.input.clear().limit(Math.toIntExact(inType.byteSize()));
            t.input.asFloatBuffer().put(input.duplicate());
            return topK(scores(t.input, t.output));
        } finally {
            tensors.give(t);
        }
    }

    /** Probabilities for every output class. */
    public float[] scores(ByteBuffer input) {
        checkOpen();
        Tensors t = tensors.take();
        try {
            return scores(input, t.output);
        } finally {
            tensors.give(t);
        }
    }

    private float[] scores(ByteBuffer input, ByteBuffer out) {
        TensorType outType = graph.outputType(0);
        out.clear();
        executable.run(new ByteBuffer[] {input}, new ByteBuffer[] {out});
        int n = (int) outType.elementCount();
        float[] s = new float[n];
        Quantization q = outType.quantization();
        for (int i = 0; i < n; i++) {
            switch (outType.dataType()) {
                case FLOAT32: s[i] = out.getFloat(i * 4); break;
                case UINT8: s[i] = q.scale() * ((out.get(i) & 0xff) - q.zeroPoint()); break;
                case INT8: s[i] = q.scale() * (out.get(i) - q.zeroPoint()); break;
                default: throw new IllegalStateException("unsupported output " + outType);
            }
        }
        if (outputsLogits) {
            softmaxInPlace(s);
        }
        return s;
    }

    private static void softmaxInPlace(float[] s) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.exp(s[i] - max);
            sum += s[i];
        }
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (s[i] / sum);
        }
    }

    private List<Classification> topK(float[] scores) {
        List<Classification> result = new ArrayList<>();
        boolean[] taken = new boolean[scores.length];
        for (int k = 0; k < Math.min(options.maxResults(), scores.length); k++) {
            int best = -1;
            for (int i = 0; i < scores.length; i++) {
                if (!taken[i] && (best < 0 || scores[i] > scores[best])) {
                    best = i;
                }
            }
            if (scores[best] < options.scoreThreshold()) {
                break;
            }
            taken[best] = true;
            result.add(new Classification(best, labels != null ? labels.get(best) : Integer.toString(best), scores[best]));
        }
        return List.copyOf(result);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("ImageClassifier is closed");
        }
    }

    /**
     * Frees the native memory. Idempotent; waits for calls already running on other threads to finish, and
     * calls after it throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cleanable.clean();
        }
    }

    /** A validating builder: invalid values throw {@link IllegalArgumentException} at once. */
    public static final class Builder {
        private Path model;
        private Path head;
        private Path labels;
        private int maxResults = 5;
        private float scoreThreshold = 0f;
        private double cropFraction = 1.0;
        private Region region;
        private float[] mean;
        private float[] std;
        private org.mobilenet4j.backend.Backend backend;
        private int numThreads = 1;
        private boolean dequantize;
        private ImageLimits imageLimits;
        private boolean reducedDecoding;

        private Builder() {
        }

        public Builder model(Path file) {
            this.model = Objects.requireNonNull(file, "model");
            return this;
        }

        /** A classifier head run after the model (backbone + head, e.g. an embedding extractor and its head). */
        public Builder head(Path file) {
            this.head = Objects.requireNonNull(file, "head");
            return this;
        }

        public Builder labels(Path file) {
            this.labels = Objects.requireNonNull(file, "labels");
            return this;
        }

        public Builder maxResults(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxResults must be at least 1, got " + n);
            }
            this.maxResults = n;
            return this;
        }

        public Builder scoreThreshold(float t) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("scoreThreshold must be in [0, 1], got " + t);
            }
            this.scoreThreshold = t;
            return this;
        }

        /** Centre crop to this fraction of the shorter side before resizing (0.875 for TF-slim evaluation). */
        public Builder centerCrop(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("crop fraction must be in (0, 1], got " + fraction);
            }
            this.cropFraction = fraction;
            return this;
        }

        public Builder region(Region r) {
            this.region = r;
            return this;
        }

        /** Float input normalization (p - mean) / std; overrides the model's metadata. */
        public Builder normalization(float mean, float std) {
            if (!(std > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + std);
            }
            this.mean = new float[] {mean};
            this.std = new float[] {std};
            return this;
        }

        public Builder backend(org.mobilenet4j.backend.Backend b) {
            this.backend = Objects.requireNonNull(b, "backend");
            return this;
        }

        public Builder numThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("numThreads must be at least 1, got " + n);
            }
            this.numThreads = n;
            return this;
        }

        /**
         * Run a quantized model in float: weights dequantized, float arithmetic throughout (see
         * {@link org.mobilenet4j.graph.Dequantizer}). Inputs are still encoded for the model's input type.
         */
        public Builder dequantize(boolean on) {
            this.dequantize = on;
            return this;
        }

        /** Limits on decoding image files (pixels, memory, JPEG scans); default {@link ImageLimits#defaults()}. */
        public Builder imageLimits(ImageLimits limits) {
            this.imageLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Decode photos many times the model's input (shorter side at least 8× its side) at reduced size
         * (ImageIO source subsampling, the shorter side kept at least 4× the input): less memory and decoding
         * time, but a top-1 that can differ from the full decode's (see README). Off by default; ignored with a
         * {@link #region}.
         */
        public Builder reducedDecoding(boolean on) {
            this.reducedDecoding = on;
            return this;
        }

        public ImageClassifier build() {
            if (model == null) {
                throw new IllegalStateException("no model: call model(path)");
            }
            return new ImageClassifier(new ClassifierOptions(model, head, labels, maxResults, scoreThreshold,
                    cropFraction, region, mean, std, backend, numThreads, dequantize, imageLimits, reducedDecoding));
        }
    }
}
