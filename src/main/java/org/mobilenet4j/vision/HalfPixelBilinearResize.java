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
        int stride = in.width() * 3;
        for (int y = 0; y < outH; y++) {
            int r0 = t.y0[y] * stride;
            int r1 = t.y1[y] * stride;
            float fy = t.fy[y];
            float gy = t.gy[y];
            for (int x = 0, o = y * outW * 3; x < outW; x++) {
                int a = r0 + t.c0[x];
                int b = r1 + t.c0[x];
                int c = r0 + t.c1[x];
                int d = r1 + t.c1[x];
                float fx = t.fx[x];
                float gx = t.gx[x];
                for (int k = 0; k < 3; k++, o++) {
                    out[o] = src[a + k] * gy * gx + src[b + k] * fy * gx + src[c + k] * gy * fx + src[d + k] * fy * fx;
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
            float gy = t.gy[y];
            for (int x = 0, o = y * outW * 3; x < outW; x++, o += 3) {
                int a = r0 + t.c0[x];
                int b = r1 + t.c0[x];
                int c = r0 + t.c1[x];
                int d = r1 + t.c1[x];
                float fx = t.fx[x];
                float gx = t.gx[x];
                // the channels written out: a third faster than a loop over them here, the same floats
                out[o] = (src[a] & 0xff) * gy * gx + (src[b] & 0xff) * fy * gx + (src[c] & 0xff) * gy * fx
                        + (src[d] & 0xff) * fy * fx;
                out[o + 1] = (src[a + 1] & 0xff) * gy * gx + (src[b + 1] & 0xff) * fy * gx
                        + (src[c + 1] & 0xff) * gy * fx + (src[d + 1] & 0xff) * fy * fx;
                out[o + 2] = (src[a + 2] & 0xff) * gy * gx + (src[b + 2] & 0xff) * fy * gx
                        + (src[c + 2] & 0xff) * gy * fx + (src[d + 2] & 0xff) * fy * fx;
            }
        }
        return out;
    }

    /**
     * The neighbours and weights of every output column and row: c0 / c1 the lower and upper columns times 3
     * (offsets into a row of RGB), f the upper weight and g = 1 - f the lower (the same float the formula's
     * {@code (1 - f)} gives, computed once).
     */
    private static final class Taps {
        final int[] c0;
        final int[] c1;
        final float[] fx;
        final float[] gx;
        final int[] y0;
        final int[] y1;
        final float[] fy;
        final float[] gy;

        Taps(int inW, int inH, int outW, int outH) {
            if (outW < 1 || outH < 1) {
                throw new IllegalArgumentException("target size must be positive: " + outW + "x" + outH);
            }
            c0 = new int[outW];
            c1 = new int[outW];
            fx = new float[outW];
            gx = new float[outW];
            axis(inW, outW, c0, c1, fx, gx);
            for (int x = 0; x < outW; x++) {
                c0[x] *= 3;
                c1[x] *= 3;
            }
            y0 = new int[outH];
            y1 = new int[outH];
            fy = new float[outH];
            gy = new float[outH];
            axis(inH, outH, y0, y1, fy, gy);
        }

        private static void axis(int in, int out, int[] lo, int[] hi, float[] f, float[] g) {
            float scale = (float) in / out;
            for (int i = 0; i < out; i++) {
                float s = (i + 0.5f) * scale - 0.5f;
                lo[i] = Math.max((int) Math.floor(s), 0);
                hi[i] = Math.min((int) Math.ceil(s), in - 1);
                f[i] = s - lo[i];
                g[i] = 1 - f[i];
            }
        }
    }
}
