package org.mobilenet4j.task;

import java.nio.file.Path;
import java.util.Objects;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.MemoryBudget;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.Region;

/**
 * The options every image task's builder shares: model, head, backend, threads, dequantization and
 * pre-processing. Invalid values throw {@link IllegalArgumentException} at once. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class ImageTaskBuilder<B extends ImageTaskBuilder<B>> {
    private ModelSource model;
    private ModelSource head;
    private Backend backend;
    private int numThreads = 1;
    private boolean dequantize;
    private double cropFraction = 1.0;
    private Region region;
    private float[] mean;
    private float[] std;
    private long memoryBudget = MemoryBudget.defaultBytes();
    private ImageLimits imageLimits;
    private boolean reducedDecoding;
    private boolean exifOrientation = true;

    ImageTaskBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The .tflite file to run. */
    public B model(Path file) {
        this.model = ModelSource.of(Objects.requireNonNull(file, "model"));
        return self();
    }

    /** The model to run, from a file, bytes or a buffer. */
    public B model(ModelSource source) {
        this.model = Objects.requireNonNull(source, "model");
        return self();
    }

    /** A head run after the model (backbone + head, e.g. an embedding extractor and its classifier head). */
    public B head(Path file) {
        this.head = ModelSource.of(Objects.requireNonNull(file, "head"));
        return self();
    }

    public B head(ModelSource source) {
        this.head = Objects.requireNonNull(source, "head");
        return self();
    }

    /** The backend; default {@link org.mobilenet4j.backend.Backends#best()}. */
    public B backend(Backend b) {
        this.backend = Objects.requireNonNull(b, "backend");
        return self();
    }

    /** Threads per call (default 1). */
    public B numThreads(int n) {
        this.numThreads = BackendOptions.checkThreads(n);
        return self();
    }

    /**
     * Run a quantized model in float: weights dequantized, float arithmetic throughout (see
     * {@link org.mobilenet4j.graph.Dequantizer}). Inputs are still encoded for the model's input type.
     */
    public B dequantize(boolean on) {
        this.dequantize = on;
        return self();
    }

    /** Centre crop to this fraction of the shorter side before resizing (0.875 for TF-slim evaluation). */
    public B centerCrop(double fraction) {
        this.cropFraction = ImageTaskOptions.checkCrop(fraction);
        return self();
    }

    /** The region of interest of every image, unless a call gives its own (in the upright image's pixels). */
    public B region(Region r) {
        this.region = r;
        return self();
    }

    /** Float input normalization (p - mean) / std; overrides the model's metadata. */
    public B normalization(float mean, float std) {
        this.std = new float[] {ImageTaskOptions.checkStd(std)};
        this.mean = new float[] {ImageTaskOptions.checkMean(mean)};
        return self();
    }

    /**
     * Bytes the model may plan at run time (activations, weights, working buffers: see {@link MemoryBudget});
     * a model that may need more fails to load with an {@link org.mobilenet4j.model.InvalidModelException}.
     * Default: the system property {@code mobilenet4j.memoryBudget}, else {@link MemoryBudget#defaultBytes()}.
     */
    public B memoryBudget(long bytes) {
        this.memoryBudget = ImageTaskOptions.checkMemoryBudget(bytes);
        return self();
    }

    /** Limits on decoding image files (pixels, memory, JPEG scans); default {@link ImageLimits#defaults()}. */
    public B imageLimits(ImageLimits limits) {
        this.imageLimits = Objects.requireNonNull(limits, "limits");
        return self();
    }

    /**
     * Decode photos many times the model's input (shorter side at least 8× its side) at reduced size (ImageIO
     * source subsampling, the shorter side kept at least 4× the input): less memory and decoding time, but a
     * result that can differ slightly from the full decode's (see README). Off by default; ignored with a
     * {@link #region}.
     */
    public B reducedDecoding(boolean on) {
        this.reducedDecoding = on;
        return self();
    }

    /**
     * Turn a JPEG file upright as its EXIF Orientation tag says (a photo taken with the phone turned), before
     * any crop, region or resize: on by default; off keeps the pixels as stored.
     */
    public B exifOrientation(boolean on) {
        this.exifOrientation = on;
        return self();
    }

    ImageTaskOptions options() {
        return new ImageTaskOptions(model, head, backend, numThreads, dequantize, cropFraction, region, mean, std,
                memoryBudget, imageLimits, reducedDecoding, exifOrientation);
    }
}
