package org.mobilenet4j.graph;

import java.util.Arrays;

/**
 * Affine quantization {@code real = scale * (q - zeroPoint)}, per tensor (one scale) or per channel along
 * {@link #axis()} (one scale and zero point per channel), as in the TFLite schema.
 */
public final class Quantization {
    private final float[] scales;
    private final long[] zeroPoints;
    private final int axis;

    public Quantization(float[] scales, long[] zeroPoints, int axis) {
        if (scales.length == 0 || scales.length != zeroPoints.length) {
            throw new IllegalArgumentException("quantization needs one zero point per scale, got "
                    + scales.length + " scales and " + zeroPoints.length + " zero points");
        }
        for (float s : scales) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("quantization scale must be positive and finite: " + s);
            }
        }
        this.scales = scales.clone();
        this.zeroPoints = zeroPoints.clone();
        this.axis = axis;
    }

    public static Quantization perTensor(float scale, long zeroPoint) {
        return new Quantization(new float[] {scale}, new long[] {zeroPoint}, 0);
    }

    public boolean isPerTensor() {
        return scales.length == 1;
    }

    public float scale() {
        return scales[0];
    }

    public int zeroPoint() {
        return (int) zeroPoints[0];
    }

    public float scale(int channel) {
        return scales.length == 1 ? scales[0] : scales[channel];
    }

    public int zeroPoint(int channel) {
        return (int) (zeroPoints.length == 1 ? zeroPoints[0] : zeroPoints[channel]);
    }

    /** The zero point as stored (a file may hold any 64-bit value); {@link #zeroPoint(int)} once validated. */
    public long rawZeroPoint(int channel) {
        return zeroPoints.length == 1 ? zeroPoints[0] : zeroPoints[channel];
    }

    public int channels() {
        return scales.length;
    }

    public int axis() {
        return axis;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Quantization)) {
            return false;
        }
        Quantization q = (Quantization) o;
        return axis == q.axis && Arrays.equals(scales, q.scales) && Arrays.equals(zeroPoints, q.zeroPoints);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints) + axis;
    }

    @Override
    public String toString() {
        if (isPerTensor()) {
            return "scale=" + scales[0] + " zp=" + zeroPoints[0];
        }
        return "per-channel(axis=" + axis + ", " + scales.length + " scales)";
    }
}
