package org.mobilenet4j.vision;

/**
 * An image as interleaved RGB floats in [0, 255], row-major (H x W x 3): the working form of every
 * pre-processing step. No AWT here: files and BufferedImages become RgbImages in
 * {@link org.mobilenet4j.vision.imageio.Images}, pixel arrays in {@link Pixels}.
 *
 * <p>The pixel array is shared, not copied (these images are large): {@link #pixels()} is the array given, and
 * changing it while a task reads the image changes what the task sees. Values must be finite: NaN or an infinity
 * is refused here, in one pass over the array (a value written into it later is not seen). They are not
 * range-checked (a classifier given values far outside [0, 255] returns meaningless scores, as the model would).
 */
public record RgbImage(int width, int height, float[] pixels) {

    public RgbImage {
        if (width < 1 || height < 1 || pixels.length != (long) width * height * 3) {
            throw new IllegalArgumentException("RGB image " + width + "x" + height + " needs "
                    + (long) width * height * 3 + " values, got " + pixels.length);
        }
        for (int i = 0; i < pixels.length; i++) {
            if (!Float.isFinite(pixels[i])) {
                int p = i / 3;
                throw new IllegalArgumentException("RGB image value " + i + " (x " + p % width + ", y " + p / width
                        + ", channel " + i % 3 + ") is " + pixels[i] + "; pixel values must be finite");
            }
        }
    }

    /** The pixels inside {@code r} (clipped to the image). */
    public RgbImage crop(Region r) {
        Region c = r.clipTo(width, height);
        int w = c.width();
        int h = c.height();
        float[] px = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(pixels, ((c.y() + y) * width + c.x()) * 3, px, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, px);
    }

    /** The central square of side {@code fraction * min(width, height)} ({@link Region#centerSquare}). */
    public RgbImage centerCrop(double fraction) {
        return crop(Region.centerSquare(width, height, fraction));
    }
}
