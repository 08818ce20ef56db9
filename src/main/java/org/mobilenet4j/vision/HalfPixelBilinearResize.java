package org.mobilenet4j.vision;

/**
 * Bilinear resize with half-pixel centres, as TFLite's RESIZE_BILINEAR with align_corners=false and
 * half_pixel_centers=true: output pixel (y, x) samples the input at ((y + 0.5) * inH / outH - 0.5,
 * (x + 0.5) * inW / outW - 0.5); the lower neighbour is clamped at 0 and the upper at the last row or column,
 * and the weights are the fractional distances from the (clamped) lower neighbour. Computed in float, the same
 * expression for float and for 8-bit sources (so both give the same floats for the same pixel values).
 */
public final class HalfPixelBilinearResize {
    private HalfPixelBilinearResize() {
    }

    public static RgbImage resize(RgbImage in, int outW, int outH) {
        Taps t = new Taps(in.width(), in.height(), outW, outH);
        float[] src = in.pixels();
        float[] out = new float[outW * outH * 3];
        int inW = in.width();
        for (int y = 0; y < outH; y++) {
            int r0 = t.y0[y] * inW * 3;
            int r1 = t.y1[y] * inW * 3;
            float fy = t.fy[y];
            for (int x = 0, o = y * outW * 3; x < outW; x++) {
                int c0 = t.x0[x] * 3;
                int c1 = t.x1[x] * 3;
                float fx = t.fx[x];
                for (int c = 0; c < 3; c++, o++) {
                    out[o] = src[r0 + c0 + c] * (1 - fy) * (1 - fx) + src[r1 + c0 + c] * fy * (1 - fx)
                            + src[r0 + c1 + c] * (1 - fy) * fx + src[r1 + c1 + c] * fy * fx;
                }
            }
        }
        return new RgbImage(outW, outH, out);
    }

    /**
     * The {@code window} of an 8-bit image (already clipped to it) resized: the same floats as
     * {@code resize(in.toRgbImage().crop(window), outW, outH)}, without either copy.
     */
    public static RgbImage resize(Rgb8Image in, Region window, int outW, int outH) {
        return new RgbImage(outW, outH, resizeInto(in, window, outW, outH, new float[outW * outH * 3]));
    }

    /** {@link #resize(Rgb8Image, Region, int, int)} into {@code out} (at least outW * outH * 3 long), which it returns. */
    static float[] resizeInto(Rgb8Image in, Region window, int outW, int outH, float[] out) {
        Taps t = new Taps(window.width(), window.height(), outW, outH);
        byte[] src = in.pixels();
        int stride = in.width() * 3;
        int left = window.x() * 3;
        for (int y = 0; y < outH; y++) {
            int r0 = (window.y() + t.y0[y]) * stride + left;
            int r1 = (window.y() + t.y1[y]) * stride + left;
            float fy = t.fy[y];
            for (int x = 0, o = y * outW * 3; x < outW; x++) {
                int c0 = t.x0[x] * 3;
                int c1 = t.x1[x] * 3;
                float fx = t.fx[x];
                for (int c = 0; c < 3; c++, o++) {
                    float tl = src[r0 + c0 + c] & 0xff;
                    float bl = src[r1 + c0 + c] & 0xff;
                    float tr = src[r0 + c1 + c] & 0xff;
                    float br = src[r1 + c1 + c] & 0xff;
                    out[o] = tl * (1 - fy) * (1 - fx) + bl * fy * (1 - fx) + tr * (1 - fy) * fx + br * fy * fx;
                }
            }
        }
        return out;
    }

    /** The neighbours and weights of every output column and row. */
    private static final class Taps {
        final int[] x0;
        final int[] x1;
        final float[] fx;
        final int[] y0;
        final int[] y1;
        final float[] fy;

        Taps(int inW, int inH, int outW, int outH) {
            if (outW < 1 || outH < 1) {
                throw new IllegalArgumentException("target size must be positive: " + outW + "x" + outH);
            }
            x0 = new int[outW];
            x1 = new int[outW];
            fx = new float[outW];
            axis(inW, outW, x0, x1, fx);
            y0 = new int[outH];
            y1 = new int[outH];
            fy = new float[outH];
            axis(inH, outH, y0, y1, fy);
        }

        private static void axis(int in, int out, int[] lo, int[] hi, float[] f) {
            float scale = (float) in / out;
            for (int i = 0; i < out; i++) {
                float s = (i + 0.5f) * scale - 0.5f;
                lo[i] = Math.max((int) Math.floor(s), 0);
                hi[i] = Math.min((int) Math.ceil(s), in - 1);
                f[i] = s - lo[i];
            }
        }
    }
}
