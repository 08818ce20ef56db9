package org.mobilenet4j.vision;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * An image as interleaved RGB floats in [0, 255], row-major (H x W x 3): the working form of every
 * pre-processing step. Decoding uses ImageIO (JPEG, PNG, BMP, GIF, and WebP through TwelveMonkeys'
 * plugin) within {@link ImageLimits} ({@link BoundedImageReader}); BMP stores BGR on disk and ImageIO
 * returns it as RGB, as every format here. Immutable by convention (the pixel array is shared, not copied).
 */
public record RgbImage(int width, int height, float[] pixels) {

    public RgbImage {
        if (width < 1 || height < 1 || pixels.length != width * height * 3) {
            throw new IllegalArgumentException("RGB image " + width + "x" + height + " needs " + width * height * 3
                    + " values, got " + pixels.length);
        }
    }

    /** Default largest image decoded from a file, in pixels; system property {@code mobilenet4j.maxImagePixels}. */
    public static final long DEFAULT_MAX_PIXELS = ImageLimits.defaults().maxPixels();

    /** Decodes an image file within {@link ImageLimits#defaults()}. */
    public static RgbImage read(Path file) {
        return read(file, ImageLimits.defaults());
    }

    /**
     * Decodes an image file. Its declared size is read from the header first, and an image of more than
     * {@code maxPixels} pixels is refused before anything is allocated for it.
     */
    public static RgbImage read(Path file, long maxPixels) {
        return read(file, ImageLimits.defaults().withMaxPixels(maxPixels));
    }

    /**
     * Decodes an image file (JPEG including CMYK / YCCK and progressive, PNG, BMP, GIF, WebP) within
     * {@code limits}: refused with {@link InvalidImageException}, before any pixel is decoded, if it is not a
     * regular file, declares more pixels than allowed, needs more memory than allowed, or is a JPEG with more
     * scans than allowed.
     */
    public static RgbImage read(Path file, ImageLimits limits) {
        return BoundedImageReader.read(file, limits, 0);
    }

    /**
     * As {@link #read(Path, ImageLimits)}, but a photo whose shorter side is many times {@code side} (at least
     * 8×) is decoded at reduced size (ImageIO source subsampling, every s-th pixel, the shorter side kept at
     * least 4 × {@code side}): less memory and time, at the cost of a result that differs slightly from the
     * full decode's.
     */
    public static RgbImage readReduced(Path file, ImageLimits limits, int side) {
        if (side < 1) {
            throw new IllegalArgumentException("side must be at least 1, got " + side);
        }
        return BoundedImageReader.read(file, limits, side);
    }

    /**
     * The RGB channels of any BufferedImage (alpha is dropped). Grey images (8 or 16 bit, with or without
     * alpha) have their stored value replicated into R, G and B, as PIL and Android do; Java's own
     * {@code getRGB} would treat the grey as linear light and brighten it (5 becomes 38).
     */
    public static RgbImage of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] px = new float[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        java.awt.image.ColorModel cm = img.getColorModel();
        if (cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && !(cm instanceof java.awt.image.IndexColorModel)) {
            greyInto(img, cm.getComponentSize(0), px);
            return new RgbImage(w, h, px);
        }
        int[] argb = new int[w];
        for (int y = 0, i = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, argb, 0, w); // a row at a time: no second whole-image copy
            for (int x = 0; x < w; x++, i += 3) {
                px[i] = (argb[x] >> 16) & 0xff;
                px[i + 1] = (argb[x] >> 8) & 0xff;
                px[i + 2] = argb[x] & 0xff;
            }
        }
        return new RgbImage(w, h, px);
    }

    /** Grey samples of {@code bits} bits scaled to 0..255 (rounded) and replicated into R, G, B. */
    private static void greyInto(BufferedImage img, int bits, float[] px) {
        int w = img.getWidth();
        java.awt.image.Raster r = img.getRaster();
        int[] row = new int[w];
        float scale = 255f / ((1 << bits) - 1);
        for (int y = 0, i = 0; y < img.getHeight(); y++) {
            r.getSamples(r.getMinX(), r.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++, i += 3) {
                float v = bits == 8 ? row[x] : Math.round(row[x] * scale);
                px[i] = v;
                px[i + 1] = v;
                px[i + 2] = v;
            }
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
