package org.mobilenet4j.vision.imageio;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;

/**
 * The image-I/O adapter: image files and their bytes in memory (grey and colour JPEGs with libjpeg-turbo where
 * the platform has the natives; ImageIO: JPEG including CMYK / YCCK and progressive, PNG, BMP, GIF, and WebP
 * through TwelveMonkeys' plugin) and {@code BufferedImage}s become {@link RgbImage}s. Files and bytes are decoded
 * within {@link ImageLimits} ({@link BoundedImageReader}); BMP stores BGR on disk and ImageIO returns it as RGB, as
 * every format here. A JPEG is turned upright as its EXIF Orientation tag says (phone photos carry it), before
 * any crop or resize, so width and height swap for orientations 5 to 8; the overloads with
 * {@code exifOrientation} can keep the stored pixels instead. The only part of the library that uses AWT; the
 * core (model, predictor, tasks on {@link RgbImage}) never loads it. Thread-safe.
 */
public final class Images {
    private Images() {
    }

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
     * Decodes an image file within {@code limits}: refused with an
     * {@link org.mobilenet4j.vision.InvalidImageException}, before any pixel is decoded, if it is not a regular
     * file, declares more pixels than allowed, needs more memory than allowed, or is a JPEG with more scans than
     * allowed.
     */
    public static RgbImage read(Path file, ImageLimits limits) {
        return read(file, limits, 0, true);
    }

    /**
     * The general form of {@link #read(Path, ImageLimits)} and {@link #readReduced}: {@code reduceToSide} 0 for a
     * full decode, else as {@code readReduced}; {@code exifOrientation} false keeps a JPEG's pixels as stored
     * instead of turning them as its EXIF Orientation tag says.
     */
    public static RgbImage read(Path file, ImageLimits limits, int reduceToSide, boolean exifOrientation) {
        return BoundedImageReader.read(file, limits, checkSide(reduceToSide, 0), exifOrientation);
    }

    /**
     * Decodes an encoded image held in memory (the bytes of a JPEG, PNG, BMP, GIF or WebP file) exactly as
     * {@link #read(Path, ImageLimits)} decodes the same bytes in a file: the same limits, checked from the header
     * before any pixel is decoded, the same CMYK handling, the same shared decoding memory pool, and an
     * {@link org.mobilenet4j.vision.InvalidImageException} for anything it cannot or will not decode.
     *
     * @param data  the encoded image (not modified, not kept)
     * @param name  what messages call the image (a path, a URI, a database key)
     */
    public static RgbImage read(byte[] data, String name, ImageLimits limits) {
        return read(ByteBuffer.wrap(java.util.Objects.requireNonNull(data, "data")), name, limits);
    }

    /**
     * As {@link #read(byte[], String, ImageLimits)}, for the {@linkplain ByteBuffer#remaining() remaining} bytes of
     * {@code data} (heap or direct), read in place; its position is left as it is. Do not change the bytes while
     * this runs.
     */
    public static RgbImage read(ByteBuffer data, String name, ImageLimits limits) {
        return read(data, name, limits, true);
    }

    /** As {@link #read(ByteBuffer, String, ImageLimits)}; {@code exifOrientation} as in {@link #read(Path, ImageLimits, int, boolean)}. */
    public static RgbImage read(ByteBuffer data, String name, ImageLimits limits, boolean exifOrientation) {
        java.util.Objects.requireNonNull(data, "data");
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(limits, "limits");
        return BoundedImageReader.read(data, name, limits, 0, exifOrientation);
    }

    /**
     * As {@link #read(Path, ImageLimits)}, but a photo whose shorter side is many times {@code side} (at least
     * 8×) is decoded at reduced size (ImageIO source subsampling, every s-th pixel, the shorter side kept at
     * least 4 × {@code side}): less memory and time, at the cost of a result that differs slightly from the
     * full decode's.
     */
    public static RgbImage readReduced(Path file, ImageLimits limits, int side) {
        return read(file, limits, checkSide(side, 1), true);
    }

    private static int checkSide(int side, int least) {
        if (side < least) {
            throw new IllegalArgumentException("side must be at least " + least + ", got " + side);
        }
        return side;
    }

    /**
     * The file as 8-bit RGB when libjpeg-turbo decodes it (a grey or colour JPEG, where the platform has the
     * natives: {@link org.mobilenet4j.vision.jpeg.NativeJpeg#available()}), within {@code limits}; null for
     * anything else, which {@link #read(Path, ImageLimits)} then decodes with ImageIO. The pixels are those
     * {@code read} gives; pre-processing takes them without a float copy of the whole image.
     */
    public static Rgb8Image readRgb8(Path file, ImageLimits limits) {
        return readRgb8(file, limits, 0, true);
    }

    /** {@link #readRgb8(Path, ImageLimits)} with the choices of {@link #read(Path, ImageLimits, int, boolean)}. */
    public static Rgb8Image readRgb8(Path file, ImageLimits limits, int reduceToSide, boolean exifOrientation) {
        return BoundedImageReader.readRgb8(file, limits, checkSide(reduceToSide, 0), exifOrientation);
    }

    /**
     * The encoded image in memory as 8-bit RGB when libjpeg-turbo decodes it (as {@link #readRgb8(Path,
     * ImageLimits)}), within {@code limits}; null for anything else, which {@link #read(byte[], String,
     * ImageLimits)} then decodes. {@code data} is not modified or kept; {@code name} names it in messages.
     */
    public static Rgb8Image readRgb8(byte[] data, String name, ImageLimits limits) {
        java.util.Objects.requireNonNull(data, "data");
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(limits, "limits");
        return BoundedImageReader.readRgb8(ByteBuffer.wrap(data), name, limits, true);
    }

    /** {@link #readRgb8(Path, ImageLimits)} at reduced size as {@link #readReduced} (libjpeg's DCT scaling, 1/2 to 1/8). */
    public static Rgb8Image readRgb8Reduced(Path file, ImageLimits limits, int side) {
        return readRgb8(file, limits, checkSide(side, 1), true);
    }

    /**
     * The RGB channels of any BufferedImage (alpha is dropped). Grey images (8 or 16 bit, with or without
     * alpha) have their stored value replicated into R, G and B, as PIL and Android do; Java's own
     * {@code getRGB} would treat the grey as linear light and brighten it (5 becomes 38).
     */
    public static RgbImage of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] fast = InterleavedRgb.of(img);
        if (fast != null) {
            return new RgbImage(w, h, fast);
        }
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
}
