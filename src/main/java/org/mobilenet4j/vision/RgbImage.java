package org.mobilenet4j.vision;

/**
 * An image as interleaved RGB floats in [0, 255], row-major (H x W x 3): the working form of every
 * pre-processing step. No AWT here: files and BufferedImages become RgbImages in
 * {@link org.mobilenet4j.vision.imageio.Images}, pixel arrays in {@link Pixels}.
 */
public record RgbImage(int width, int height, float[] pixels) {

    public RgbImage {
        if (width < 1 || height < 1 || pixels.length != width * height * 3) {
            throw new IllegalArgumentException("RGB image " + width + "x" + height + " needs " + width * height * 3
                    + " values, got " + pixels.length);
        }
    }

    /** The pixels inside {@code r} (clipped to the image). */
    public RgbImage crop(Region r) {
        int x0 = Math.max(0, r.x());
        int y0 = Math.max(0, r.y());
        int x1 = Math.min(width, r.x() + r.width());
        int y1 = Math.min(height, r.y() + r.height());
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("region " + r + " lies outside the " + width + "x" + height + " image");
        }
        int w = x1 - x0;
        int h = y1 - y0;
        float[] px = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(pixels, ((y0 + y) * width + x0) * 3, px, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, px);
    }

    /**
     * The central square of side {@code fraction * min(width, height)}: TF-slim / Inception evaluation
     * crops 0.875. The side is rounded to the nearest pixel, the offset is (size - side) / 2 rounded down.
     */
    public RgbImage centerCrop(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("crop fraction must be in (0, 1], got " + fraction);
        }
        int side = Math.max(1, (int) Math.round(fraction * Math.min(width, height)));
        return crop(new Region((width - side) / 2, (height - side) / 2, side, side));
    }
}
