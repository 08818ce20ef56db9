package org.mobilenet4j.vision;

import java.nio.ByteBuffer;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * Turns resized RGB pixels (floats in [0, 255]) into the model's input tensor:
 * <ul>
 *   <li>float32 inputs: (p - mean) / std per channel; MobileNets use mean = std = 127.5 (inputs in [-1, 1]).</li>
 *   <li>uint8 inputs: the pixel value itself, rounded to the nearest integer, as TFLite's Task library and
 *       the Coral examples feed quantized MobileNets raw pixels (their input quantization, scale 1/128 zero
 *       point 128 or scale 1/127 zero point 128, maps raw pixels to about [-1, 1]).</li>
 *   <li>int8 inputs: normalized as for float, then quantized: round(f / scale) + zero point, clamped.</li>
 * </ul>
 */
public final class InputEncoder {
    private final TensorType type;
    private final float[] mean;
    private final float[] std;

    /** The input tensors an image is encoded into: [1, H, W, 3], NHWC RGB. */
    public static final String IMAGE_SHAPE = "[1, H, W, 3]";

    public InputEncoder(TensorType type, float[] mean, float[] std) {
        if (!isImage(type)) {
            throw new IllegalArgumentException("expected an image input " + IMAGE_SHAPE + ", got " + type);
        }
        this.type = type;
        this.mean = expand(mean, "mean");
        this.std = expand(std, "std");
        for (float s : this.std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalization std must be positive, got " + s);
            }
        }
    }

    /** Whether an image can be encoded into a tensor of this type ({@link #IMAGE_SHAPE}). */
    public static boolean isImage(TensorType type) {
        return type.rank() == 4 && type.dim(0) == 1 && type.dim(3) == 3;
    }

    private static float[] expand(float[] v, String what) {
        if (v.length == 1) {
            return new float[] {v[0], v[0], v[0]};
        }
        if (v.length != 3) {
            throw new IllegalArgumentException("normalization " + what + " needs 1 or 3 values, got " + v.length);
        }
        return v.clone();
    }

    public int width() {
        return type.dim(2);
    }

    public int height() {
        return type.dim(1);
    }

    /** Encodes an image already resized to the input's height and width, into a new tensor buffer. */
    public ByteBuffer encode(RgbImage image) {
        return encode(image, TensorBuffers.allocate(type));
    }

    /**
     * Encodes an image already resized to the input's height and width into {@code b} (from position 0, in its
     * byte order), and returns it flipped.
     */
    public ByteBuffer encode(RgbImage image, ByteBuffer b) {
        if (image.width() != width() || image.height() != height()) {
            throw new IllegalArgumentException("image is " + image.width() + "x" + image.height() + ", input needs "
                    + width() + "x" + height());
        }
        return encode(image.pixels(), image.pixels().length, b);
    }

    /** Encodes the first {@code n} resized values of {@code px} (H x W x 3) into {@code b}, as {@link #encode(RgbImage, ByteBuffer)}. */
    ByteBuffer encode(float[] px, int n, ByteBuffer b) {
        b.clear();
        Quantization q = type.quantization();
        switch (type.dataType()) { // one loop per type, the bytes through a per-thread array and one bulk copy
            case FLOAT32: {
                java.nio.FloatBuffer f = b.asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    int c = i % 3;
                    f.put((px[i] - mean[c]) / std[c]);
                }
                b.position(4 * n);
                break;
            }
            case UINT8: {
                byte[] v = ImagePreprocessor.Scratch.get().bytes(n);
                for (int i = 0; i < n; i++) {
                    v[i] = (byte) Math.min(255, Math.max(0, Math.round(px[i])));
                }
                b.put(v, 0, n);
                break;
            }
            case INT8: {
                byte[] v = ImagePreprocessor.Scratch.get().bytes(n);
                for (int i = 0; i < n; i++) {
                    int c = i % 3;
                    float f = (px[i] - mean[c]) / std[c];
                    v[i] = (byte) Math.min(127, Math.max(-128, Math.round(f / q.scale()) + q.zeroPoint()));
                }
                b.put(v, 0, n);
                break;
            }
            default:
                throw new IllegalArgumentException("unsupported input type " + type);
        }
        return b.flip();
    }
}
