package org.mobilenet4j.task;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.InvalidModelException;
import org.mobilenet4j.model.UnsupportedModelException;
import org.mobilenet4j.predict.Predictor;
import org.mobilenet4j.predict.Tensors;
import org.mobilenet4j.predict.Translator;
import org.mobilenet4j.vision.ImagePreprocessor;
import org.mobilenet4j.vision.Region;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;
import org.mobilenet4j.vision.imageio.Images;

/**
 * Classifies images with a TFLite MobileNet: {@link ImagePreprocessor} (region, centre crop, half-pixel
 * bilinear resize, normalization from the options, else the metadata, else 127.5 / 127.5), a
 * {@link Predictor}, then the scores as probabilities (dequantized; a softmax applied here when the model
 * outputs logits) ranked and labelled (labels from the options, else the head's, else the model's metadata).
 *
 * <pre>{@code
 * try (ImageClassifier c = ImageClassifier.builder().model(path).maxResults(5).build()) {
 *     List<Classification> top = c.classify(Path.of("burger.jpg"));
 * }
 * }</pre>
 *
 * <p>Backend: {@link org.mobilenet4j.backend.Backends#best()} unless {@link Builder#backend} says otherwise. A
 * float-only backend (OpenBLAS) runs a quantized model dequantized; {@link #graph()} is the graph that runs.
 *
 * <p>Thread safety: every method may be called from many threads at once (see {@link Predictor}).
 * {@link #close()} is idempotent, waits for calls already running, and calls after it throw
 * {@link IllegalStateException}.
 *
 * <p>Exceptions of the {@code classify} methods: {@link org.mobilenet4j.vision.InvalidImageException} for an
 * image that cannot be read or decoded or that exceeds the builder's image limits; {@link IllegalArgumentException}
 * for a region outside the image or a tensor of the wrong size; {@link NullPointerException} for a null argument;
 * {@link IllegalStateException} after {@link #close()}. The builder's {@code build()} throws
 * {@link org.mobilenet4j.model.ModelException} (or a subclass) for a model it cannot read or run.
 */
public final class ImageClassifier implements AutoCloseable {
    private final ImageTaskOptions options;
    private final String name;
    private final ImagePreprocessor preprocessor;
    private final ClassScores post;
    private final Predictor predictor;

    /** Float pixels, or (from a JPEG file) 8-bit pixels: exactly one of the two. */
    private record Input(RgbImage image, Rgb8Image bytes, Region region) {
    }

    private final Translator<Input, float[]> imageScores = new Translator<>() {
        @Override
        public void processInput(Input in, Tensors t) {
            if (in.bytes() != null) {
                preprocessor.encode(in.bytes(), in.region(), t.buffer(0));
            } else {
                preprocessor.encode(in.image(), in.region(), t.buffer(0));
            }
        }

        @Override
        public float[] processOutput(Tensors t) {
            return post.probabilities(t.floats(0));
        }
    };

    private final Translator<ByteBuffer, float[]> tensorScores = new Translator<>() {
        @Override
        public void processInput(ByteBuffer in, Tensors t) {
            t.put(0, in);
        }

        @Override
        public float[] processOutput(Tensors t) {
            return post.probabilities(t.floats(0));
        }
    };

    private ImageClassifier(Builder b) {
        this.options = b.options();
        TaskModel model = TaskModel.load(options);
        Graph g = model.graph();
        this.name = model.info().name();
        int classes = classCount(g, options.head() == null ? options.model().name()
                : options.model().name() + " + " + options.head().name());
        Graph runnable = TaskModel.runnable(g, options);
        this.preprocessor = new ImagePreprocessor(runnable.inputType(0), model.info(), options.mean(), options.std(),
                options.cropFraction());
        List<String> labels = b.labels != null ? Labels.read(b.labels, classes, "labels " + b.labels)
                : model.info().labels();
        if (labels != null && labels.size() != classes) {
            throw new InvalidModelException(model.labelsFrom() + ": its metadata has " + labels.size()
                    + " labels for " + classes + " outputs");
        }
        this.post = new ClassScores(labels, ClassScores.outputsLogits(g), b.maxResults, b.scoreThreshold);
        this.predictor = Predictor.create(runnable, options.backend(), options.backendOptions(), "ImageClassifier");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The number of classes {@code g} scores: it must have one input and one output, of shape [1, N] or
     * [1, 1, 1, N] (a score per class); else an {@link UnsupportedModelException} naming {@code model} (the file)
     * and the output. A model whose output is its input, or a feature map, is no classifier.
     */
    public static int classCount(Graph g, String model) {
        if (g.inputs().length != 1 || g.outputs().length != 1) {
            throw new UnsupportedModelException(model + ": a classifier needs one input and one output, model has "
                    + g.inputs().length + " and " + g.outputs().length);
        }
        TensorType out = g.outputType(0);
        boolean scores = (out.rank() == 2 || out.rank() == 4) && out.dim(out.rank() - 1) >= 1;
        for (int d = 0; scores && d < out.rank() - 1; d++) {
            scores = out.dim(d) == 1;
        }
        if (!scores) {
            throw new UnsupportedModelException(model + ": its output " + out + " is not a score per class [1, N] "
                    + "or [1, 1, 1, N]; a classifier cannot rank it");
        }
        return Math.toIntExact(out.elementCount());
    }

    /** The model's name (metadata, else the file name). Throws {@link IllegalStateException} after close. */
    public String modelName() {
        predictor.graph();
        return name;
    }

    /** The graph that runs (a float-only backend runs a quantized model dequantized). */
    public Graph graph() {
        return predictor.graph();
    }

    /** The name of the backend that runs the model. */
    public String backendName() {
        return predictor.backendName();
    }

    /** True when the model outputs logits and this classifier applies the softmax. */
    public boolean appliesSoftmax() {
        predictor.graph(); // throws once closed
        return post.appliesSoftmax();
    }

    /**
     * The label of every output, in output order, as {@link Classification#label()} gives them: the labels in use
     * (builder, head or model metadata), else the indices "0", "1", ....
     */
    public List<String> labels() {
        return java.util.stream.IntStream.range(0, (int) graph().outputType(0).elementCount()).mapToObj(post::label)
                .toList();
    }

    /** The pre-processing every image goes through (the region aside). */
    public ImagePreprocessor preprocessing() {
        predictor.graph(); // throws once closed
        return preprocessor;
    }

    /**
     * Classifies an image file (decoded by {@link Images#read(Path, org.mobilenet4j.vision.ImageLimits)} within
     * the builder's image limits), within the builder's region if set.
     */
    public List<Classification> classify(Path imageFile) {
        int side = Math.max(preprocessor.width(), preprocessor.height());
        Rgb8Image bytes = options.readRgb8(imageFile, side);
        if (bytes != null) {
            return post.top(predictor.predict(imageScores, new Input(null, bytes, options.region())));
        }
        return classify(options.read(imageFile, side), options.region());
    }

    public List<Classification> classify(BufferedImage image) {
        return classify(Images.of(Objects.requireNonNull(image, "image")), options.region());
    }

    public List<Classification> classify(BufferedImage image, Region region) {
        return classify(Images.of(Objects.requireNonNull(image, "image")), region);
    }

    /**
     * Classifies 8-bit RGB pixels (as {@link Images#readRgb8} decodes them) within the builder's region if set:
     * the same result as {@code classify(image.toRgbImage())} without the float copy of the whole image.
     */
    public List<Classification> classify(Rgb8Image image) {
        return classify(image, options.region());
    }

    /** {@link #classify(Rgb8Image)} inside {@code region} (null: the whole image). */
    public List<Classification> classify(Rgb8Image image, Region region) {
        return post.top(predictor.predict(imageScores, new Input(null, Objects.requireNonNull(image, "image"), region)));
    }

    /** Classifies pixels (see {@link org.mobilenet4j.vision.Pixels} for ARGB / RGB / RGBA arrays). */
    public List<Classification> classify(RgbImage image) {
        return classify(image, options.region());
    }

    /** Classifies the pixels inside {@code region} (null: the whole image). */
    public List<Classification> classify(RgbImage image, Region region) {
        return post.top(predictor.predict(imageScores, new Input(Objects.requireNonNull(image, "image"), null, region)));
    }

    /**
     * Classifies a ready input tensor: the model's input type, NHWC, in the buffer's byte order. Its values are
     * not checked (for float models, NaN in gives undefined scores out: see {@link #classifyTensor(FloatBuffer)}).
     */
    public List<Classification> classifyTensor(ByteBuffer input) {
        return post.top(scores(input));
    }

    /**
     * Classifies a float input tensor (float models only); a NaN or infinite value throws
     * {@link IllegalArgumentException} naming it. The {@link #classifyTensor(ByteBuffer)} path takes the tensor's
     * bytes as they are, unchecked.
     */
    public List<Classification> classifyTensor(FloatBuffer input) {
        TensorType inType = graph().inputType(0);
        if (inType.dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("the model takes " + inType + "; give a ByteBuffer");
        }
        if (input == null || input.remaining() != inType.elementCount()) {
            throw new IllegalArgumentException("input tensor must hold " + inType.elementCount() + " floats, got "
                    + (input == null ? "null" : input.remaining()));
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(inType.byteSize())).order(java.nio.ByteOrder.nativeOrder());
        FloatBuffer copy = b.asFloatBuffer();
        for (int i = 0, p = input.position(); i < copy.capacity(); i++) {
            float v = input.get(p + i);
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("input tensor value " + i + " is " + v
                        + "; input values must be finite");
            }
            copy.put(i, v);
        }
        return classifyTensor(b);
    }

    /** Probabilities for every output class of a ready input tensor. */
    public float[] scores(ByteBuffer input) {
        TensorType inType = graph().inputType(0);
        if (input == null || input.remaining() != inType.byteSize()) {
            throw new IllegalArgumentException("input tensor must hold " + inType.byteSize() + " bytes for " + inType
                    + ", got " + (input == null ? "null" : input.remaining()));
        }
        return predictor.predict(tensorScores, input);
    }

    /**
     * Frees the native memory. Idempotent; waits for calls already running on other threads to finish, and
     * calls after it throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        predictor.close();
    }

    /** Builds an {@link ImageClassifier}: model required; invalid values throw {@link IllegalArgumentException}. */
    public static final class Builder extends ImageTaskBuilder<Builder> {
        private Path labels;
        private int maxResults = 5;
        private float scoreThreshold = 0f;

        private Builder() {
        }

        /** A label file (one per line), overriding the model's labels. */
        public Builder labels(Path file) {
            this.labels = Objects.requireNonNull(file, "labels");
            return this;
        }

        /** Classes returned per image (default 5). */
        public Builder maxResults(int n) {
            this.maxResults = ClassScores.checkMaxResults(n);
            return this;
        }

        /** Lowest probability returned (default 0). */
        public Builder scoreThreshold(float t) {
            this.scoreThreshold = ClassScores.checkThreshold(t);
            return this;
        }

        public ImageClassifier build() {
            return new ImageClassifier(this);
        }
    }
}
