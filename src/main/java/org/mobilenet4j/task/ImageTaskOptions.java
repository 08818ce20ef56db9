package org.mobilenet4j.task;

import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.model.ModelSource;
import java.nio.file.Path;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.Region;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;
import org.mobilenet4j.vision.imageio.Images;

/**
 * What every image task is built from, validated here and nowhere else; made by {@link ImageTaskBuilder}.
 * Immutable: {@code mean} and {@code std} are copied in and out.
 *
 * @param model        the model
 * @param head         a head run after the model (an embedding extractor's classifier head), or null
 * @param backend      the backend, or null for {@link org.mobilenet4j.backend.Backends#best()}
 * @param numThreads   threads per call, at least 1
 * @param dequantize   run a quantized model in float ({@link org.mobilenet4j.graph.Dequantizer})
 * @param cropFraction centre crop to this fraction of the shorter side, in (0, 1]
 * @param region       the region of interest of every image unless a call names one, or null
 * @param mean         float input normalization mean (1 or 3 values), or null for the model's
 * @param std          float input normalization std, with {@code mean}
 * @param memoryBudget bytes the compiled model may plan ({@link org.mobilenet4j.backend.MemoryBudget})
 * @param imageLimits  bounds on decoding image files
 * @param reducedDecoding decode photos many times the model input at reduced size (no region set)
 * @param exifOrientation turn JPEGs upright as their EXIF Orientation tag says, before any crop or resize
 */
public record ImageTaskOptions(ModelSource model, ModelSource head, Backend backend, int numThreads,
                               boolean dequantize, double cropFraction, Region region, float[] mean, float[] std,
                               long memoryBudget, ImageLimits imageLimits, boolean reducedDecoding,
                               boolean exifOrientation) {

    public ImageTaskOptions {
        if (model == null) {
            throw new IllegalStateException("no model: call model(...)");
        }
        BackendOptions.checkThreads(numThreads);
        checkCrop(cropFraction);
        checkMemoryBudget(memoryBudget);
        imageLimits = imageLimits == null ? ImageLimits.defaults() : imageLimits;
        mean = copy(mean);
        std = copy(std);
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("give both mean and std, or neither");
        }
        if (std != null) {
            for (float s : std) {
                checkStd(s);
            }
            for (float m : mean) {
                checkMean(m);
            }
        }
    }

    /** A copy of the normalization mean, or null. */
    @Override
    public float[] mean() {
        return copy(mean);
    }

    /** A copy of the normalization std, or null. */
    @Override
    public float[] std() {
        return copy(std);
    }

    private static float[] copy(float[] values) {
        return values == null ? null : values.clone();
    }

    static long checkMemoryBudget(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("memoryBudget must be positive, got " + bytes);
        }
        return bytes;
    }

    /**
     * Decodes an image file for a model whose input is {@code side} pixels on its longer side: within the
     * image limits, turned upright if asked for, and at reduced size when asked for and no region is set (a
     * region is given in the full upright image's pixels).
     */
    RgbImage read(Path file, int side) {
        java.util.Objects.requireNonNull(file, "imageFile");
        return Images.read(file, imageLimits, reduceToSide(side), exifOrientation);
    }

    private int reduceToSide(int side) {
        return reducedDecoding && region == null ? side : 0;
    }

    /**
     * As {@link #read}, as 8-bit RGB when libjpeg-turbo decodes the file ({@link Images#readRgb8}); null when it
     * does not (then {@link #read} decodes it).
     */
    Rgb8Image readRgb8(Path file, int side) {
        java.util.Objects.requireNonNull(file, "imageFile");
        return Images.readRgb8(file, imageLimits, reduceToSide(side), exifOrientation);
    }

    /** The backend options these task options ask for. */
    BackendOptions backendOptions() {
        return new BackendOptions(numThreads, memoryBudget);
    }

    static double checkCrop(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("crop fraction must be in (0, 1], got " + fraction);
        }
        return fraction;
    }

    static float checkStd(float std) {
        if (!(std > 0) || Float.isInfinite(std)) {
            throw new IllegalArgumentException("std must be positive and finite, got " + std);
        }
        return std;
    }

    static float checkMean(float mean) {
        if (!Float.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, got " + mean);
        }
        return mean;
    }
}
