package org.mobilenet4j.vision;

/**
 * Bilinear resize with half-pixel centres, as TFLite's RESIZE_BILINEAR with align_corners=false and
 * half_pixel_centers=true: output pixel (y, x) samples the input at ((y + 0.5) * inH / outH - 0.5,
 * (x + 0.5) * inW / outW - 0.5); the lower neighbour is clamped at 0 and the upper at the last row or column,
 * and the weights are the fractional distances from the (clamped) lower neighbour. Computed in float.
 */
public final class HalfPixelBilinearResize {
    private HalfPixelBilinearResize() {
    }

    public static RgbImage resize(RgbImage in, int outW, int outH) {
        if (outW < 1 || outH < 1) {
            throw new IllegalArgumentException("target size must be positive: " + outW + "x" + outH);
        }
        int inW = in.width();
        int inH = in.height();
        float scaleY = (float) inH / outH;
        float scaleX = (float) inW / outW;
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        float[] fx = new float[outW];
        for (int x = 0; x < outW; x++) {
            float sx = (x + 0.5f) * scaleX - 0.5f;
            x0[x] = Math.max((int) Math.floor(sx), 0);
            x1[x] = Math.min((int) Math.ceil(sx), inW - 1);
            fx[x] = sx - x0[x];
        }
        float[] src = in.pixels();
        float[] out = new float[outW * outH * 3];
        for (int y = 0; y < outH; y++) {
            float sy = (y + 0.5f) * scaleY - 0.5f;
            int y0 = Math.max((int) Math.floor(sy), 0);
            int y1 = Math.min((int) Math.ceil(sy), inH - 1);
            float fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                for (int c = 0; c < 3; c++) {
                    float tl = src[(y0 * inW + x0[x]) * 3 + c];
                    float tr = src[(y0 * inW + x1[x]) * 3 + c];
                    float bl = src[(y1 * inW + x0[x]) * 3 + c];
                    float br = src[(y1 * inW + x1[x]) * 3 + c];
                    out[(y * outW + x) * 3 + c] = tl * (1 - fy) * (1 - fx[x]) + bl * fy * (1 - fx[x])
                            + tr * (1 - fy) * fx[x] + br * fy * fx[x];
                }
            }
        }
        return new RgbImage(outW, outH, out);
    }
}
