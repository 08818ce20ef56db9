package org.mobilenet4j.task;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.predict.Predictor;
import org.mobilenet4j.predict.Tensors;
import org.mobilenet4j.predict.Translator;
import org.mobilenet4j.vision.ImagePreprocessor;
import org.mobilenet4j.vision.Region;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;
import org.mobilenet4j.vision.imageio.Images;

/**
 * Feature vectors of images: the input of a MobileNet classifier's last fully connected / 1×1 logits layer
 * (found automatically), a tensor named with {@link Builder#layer}, or the output of an embedding model
 * (Coral's embedding extractors). Compare them with {@link #cosineSimilarity}.
 *
 * <pre>{@code
 * try (ImageEmbedder e = ImageEmbedder.builder().model(path).l2Normalize(true).build()) {
 *     Embedding a = e.embed(Path.of("a.jpg"));
 *     double similarity = ImageEmbedder.cosineSimilarity(a, e.embed(Path.of("b.jpg")));
 * }
 * }</pre>
 *
 * Pre-processing is an image classifier's ({@link ImagePreprocessor}); the embedding is the tensor's values
 * as floats (dequantized), then L2-normalized if asked, and int8-quantized if asked (which normalizes too). {@link #layer()},
 * {@link #preprocessing()} and {@link #cacheKey()} say exactly what was computed, so embeddings can be cached.
 *
 * <p>Thread safety: {@code embed} may be called from many threads at once (see {@link Predictor}).
 * {@link #close()} is idempotent and waits for running calls; calls after it throw
 * {@link IllegalStateException}. The {@code embed} and {@code prepare} methods throw as
 * {@link ImageClassifier#classify(java.nio.file.Path)} does (see {@link ImageClassifier}).
 */
public final class ImageEmbedder implements AutoCloseable {
    private final ImageTaskOptions options;
    private final String layer;
    private final boolean l2Normalize;
    private final boolean quantize;
    private final String sha256;
    private final ImagePreprocessor preprocessor;
    private final Predictor predictor;
    private final Translator<Input, Embedding> translator;

    /** Float pixels, or (from a JPEG file) 8-bit pixels: exactly one of the two. */
    private record Input(RgbImage image, Rgb8Image bytes, Region region) {
        void encode(ImagePreprocessor p, ByteBuffer tensor) {
            if (bytes != null) {
                p.encode(bytes, region, tensor);
            } else {
                p.encode(image, region, tensor);
            }
        }
    }

    private ImageEmbedder(Builder b) {
        this.options = b.options();
        // round(v * 128) is meant for values in [-1, 1]: raw activations would mostly clamp to 127
        this.l2Normalize = b.l2Normalize || b.quantize;
        this.quantize = b.quantize;
        TaskModel model = TaskModel.load(options);
        Graph g = model.graph();
        int id = b.layer != null ? g.tensorId(b.layer) : EmbeddingLayer.find(g);
        this.layer = g.tensor(id).name();
        this.sha256 = model.sha256();
        Graph selected = TaskModel.runnable(g.withOutputs(id), options);
        this.preprocessor = new ImagePreprocessor(selected.inputType(0), model.info(), options.mean(), options.std(),
                options.cropFraction());
        this.predictor = Predictor.create(selected, options.backend(), options.backendOptions(), "ImageEmbedder");
        this.translator = new Translator<>() {
            @Override
            public void processInput(Input in, Tensors t) {
                in.encode(preprocessor, t.buffer(0));
            }

            @Override
            public Embedding processOutput(Tensors t) {
                return postprocess(t.floats(0));
            }
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    private Embedding postprocess(float[] v) {
        if (l2Normalize) {
            double sum = 0;
            for (float x : v) {
                sum += (double) x * x;
            }
            if (sum > 0) {
                float inv = (float) (1 / Math.sqrt(sum));
                for (int i = 0; i < v.length; i++) {
                    v[i] *= inv;
                }
            }
        }
        byte[] q = null;
        if (quantize) {
            q = new byte[v.length];
            for (int i = 0; i < v.length; i++) {
                q[i] = (byte) Math.max(-128, Math.min(127, Math.round(v[i] * 128)));
            }
        }
        return new Embedding(v, q);
    }

    /** The embedding of an image file (decoded within the builder's image limits). */
    public Embedding embed(Path imageFile) {
        return predictor.predict(translator, read(imageFile));
    }

    /** The file decoded for the model (8-bit from libjpeg-turbo when it takes the file), with the options' region. */
    private Input read(Path imageFile) {
        int side = Math.max(preprocessing().width(), preprocessing().height());
        Rgb8Image bytes = options.readRgb8(imageFile, side);
        return bytes != null ? new Input(null, bytes, options.region())
                : new Input(options.read(imageFile, side), null, options.region());
    }

    /**
     * An image file decoded, cropped, resized and encoded as the model's input, exactly as
     * {@link #embed(Path)} does it, but without running the model: callers can prepare images on other
     * threads than the ones that run it, so decoding overlaps inference. {@code embed(prepare(f))} equals
     * {@code embed(f)}. Throws {@link org.mobilenet4j.vision.InvalidImageException} for a file that does not
     * decode. Thread-safe.
     */
    public Prepared prepare(Path imageFile) {
        predictor.graph(); // throws once closed
        TensorType t = predictor.inputType(0);
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(t.byteSize())).order(ByteOrder.nativeOrder());
        read(imageFile).encode(preprocessor, b);
        return new Prepared(this, b);
    }

    /** The embedding of an image {@link #prepare prepared} by this embedder. */
    public Embedding embed(Prepared image) {
        Objects.requireNonNull(image, "image");
        if (image.owner != this) {
            throw new IllegalArgumentException("the image was prepared by another ImageEmbedder");
        }
        return predictor.predict(new Translator<ByteBuffer, Embedding>() {
            @Override
            public void processInput(ByteBuffer in, Tensors t) {
                t.put(0, in.duplicate().order(in.order()).clear());
            }

            @Override
            public Embedding processOutput(Tensors t) {
                return postprocess(t.floats(0));
            }
        }, image.input);
    }

    /** An image encoded as one {@link ImageEmbedder}'s model input ({@link #prepare}). Immutable. */
    public static final class Prepared {
        private final ImageEmbedder owner;
        private final ByteBuffer input;

        private Prepared(ImageEmbedder owner, ByteBuffer input) {
            this.owner = owner;
            this.input = input;
        }
    }

    public Embedding embed(BufferedImage image) {
        return embed(Images.of(Objects.requireNonNull(image, "image")), options.region());
    }

    /**
     * Embeds 8-bit RGB pixels (as {@link Images#readRgb8} decodes them) within the builder's region if set: the
     * same embedding as {@code embed(image.toRgbImage())} without the float copy of the whole image.
     */
    public Embedding embed(Rgb8Image image) {
        return embed(image, options.region());
    }

    /** {@link #embed(Rgb8Image)} inside {@code region} (null: the whole image). */
    public Embedding embed(Rgb8Image image, Region region) {
        return predictor.predict(translator, new Input(null, Objects.requireNonNull(image, "image"), region));
    }

    /** The embedding of pixels (see {@link org.mobilenet4j.vision.Pixels} for ARGB / RGB / RGBA arrays). */
    public Embedding embed(RgbImage image) {
        return embed(image, options.region());
    }

    /** The embedding of the pixels inside {@code region} (null: the whole image). */
    public Embedding embed(RgbImage image, Region region) {
        return predictor.predict(translator, new Input(Objects.requireNonNull(image, "image"), null, region));
    }

    /** Cosine similarity in [-1, 1]: over the int8 values when both are quantized, else over the floats. */
    public static double cosineSimilarity(Embedding a, Embedding b) {
        return Embedding.cosineSimilarity(a, b);
    }

    /** The name of the tensor whose values are the embedding. */
    public String layer() {
        predictor.graph(); // throws once closed
        return layer;
    }

    /** Values per embedding. */
    public int dimension() {
        predictor.graph(); // throws once closed
        return (int) predictor.outputType(0).elementCount();
    }

    /** The pre-processing every image goes through (the region of a call aside). */
    public ImagePreprocessor preprocessing() {
        predictor.graph(); // throws once closed
        return preprocessor;
    }

    /** SHA-256 of the model file (and of the head, after a '+', if one is chained). */
    public String modelSha256() {
        predictor.graph(); // throws once closed
        return sha256;
    }

    /**
     * Everything an embedding of a given image depends on, in one line: model hash, layer, EXIF orientation
     * applied or not, pre-processing, float or dequantized arithmetic, normalization and quantization. Equal keys
     * give equal embeddings, up to the backend's float rounding.
     */
    public String cacheKey() {
        predictor.graph(); // throws once closed
        return sha256 + " | layer " + layer + " | " + (options.exifOrientation() ? "EXIF-upright, " : "")
                + preprocessor.description()
                + (options.dequantize() ? " | dequantized" : "") + (l2Normalize ? " | l2" : "")
                + (quantize ? " | int8" : "");
    }

    /** The backend that runs the model ("xnnpack", "openblas", "reference"). */
    public String backendName() {
        predictor.graph(); // throws once closed
        return predictor.backendName();
    }

    /** Frees the native memory. Idempotent; waits for running calls; calls after it throw. */
    @Override
    public void close() {
        predictor.close();
    }

    /** Builds an {@link ImageEmbedder}: model required; invalid values throw {@link IllegalArgumentException}. */
    public static final class Builder extends ImageTaskBuilder<Builder> {
        private String layer;
        private boolean l2Normalize;
        private boolean quantize;

        private Builder() {
        }

        /** The tensor to read, by name (default: found automatically, see {@link ImageEmbedder}). */
        public Builder layer(String tensorName) {
            this.layer = Objects.requireNonNull(tensorName, "layer");
            return this;
        }

        /** Scale each embedding to unit L2 norm (default off). */
        public Builder l2Normalize(boolean on) {
            this.l2Normalize = on;
            return this;
        }

        /**
         * Also give the int8 scalar quantization round(v * 128) of the values ({@link Embedding#quantized()});
         * default off. It implies {@link #l2Normalize}: the values are scaled to unit length first, so they lie
         * in [-1, 1] instead of clamping at 127 (normalizing an already unit-length output changes nothing).
         */
        public Builder quantize(boolean on) {
            this.quantize = on;
            return this;
        }

        public ImageEmbedder build() {
            return new ImageEmbedder(this);
        }
    }
}
