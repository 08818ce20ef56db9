package org.mobilenet4j.vision;

/**
 * Pixel input without AWT (Android, camera frames, other decoders): packed ARGB ints or interleaved RGB / RGBA
 * bytes, row by row with a row stride, become an {@link RgbImage}. Alpha is ignored. Each call copies.
 */
public final class Pixels {
    private Pixels() {
    }

    /**
     * {@code argb[offset + y * stride + x]} = 0xAARRGGBB, as {@code BufferedImage.getRGB} and Android's
     * {@code Bitmap.getPixels} give them; {@code stride} is in pixels (at least {@code width}).
     */
    public static RgbImage argb(int[] argb, int offset, int width, int height, int stride) {
        check(argb.length, offset, width, height, stride, 1, "ARGB");
        float[] px = new float[rgbValues(width, height)];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = argb[offset + y * stride + x];
                int o = (y * width + x) * 3;
                px[o] = (p >> 16) & 0xff;
                px[o + 1] = (p >> 8) & 0xff;
                px[o + 2] = p & 0xff;
            }
        }
        return new RgbImage(width, height, px);
    }

    /** {@link #argb(int[], int, int, int, int)} of a tightly packed array (stride = width). */
    public static RgbImage argb(int[] argb, int width, int height) {
        return argb(argb, 0, width, height, width);
    }

    /** Interleaved R, G, B bytes; {@code stride} is the bytes from one row's start to the next (at least 3 * width). */
    public static RgbImage rgb(byte[] rgb, int width, int height, int stride) {
        return bytes(rgb, width, height, stride, 3, "RGB");
    }

    /** Interleaved R, G, B, A bytes; {@code stride} in bytes (at least 4 * width). */
    public static RgbImage rgba(byte[] rgba, int width, int height, int stride) {
        return bytes(rgba, width, height, stride, 4, "RGBA");
    }

    private static RgbImage bytes(byte[] b, int width, int height, int stride, int channels, String what) {
        check(b.length, 0, width, height, stride, channels, what);
        float[] px = new float[rgbValues(width, height)];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * stride + x * channels;
                int o = (y * width + x) * 3;
                px[o] = b[i] & 0xff;
                px[o + 1] = b[i + 1] & 0xff;
                px[o + 2] = b[i + 2] & 0xff;
            }
        }
        return new RgbImage(width, height, px);
    }

    /** The float count of a width x height RGB image; more than a Java array holds is refused. */
    private static int rgbValues(int width, int height) {
        long n = (long) width * height * 3;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("RGB image " + width + "x" + height + " needs " + n
                    + " floats, more than a Java array holds");
        }
        return (int) n;
    }

    private static void check(int length, int offset, int width, int height, int stride, int unit, String what) {
        if (width < 1 || height < 1 || offset < 0 || stride < (long) width * unit) {
            throw new IllegalArgumentException(what + " pixels: bad geometry " + width + "x" + height + ", offset "
                    + offset + ", stride " + stride);
        }
        long last = offset + (long) (height - 1) * stride + (long) width * unit;
        if (last > length) {
            throw new IllegalArgumentException(what + " pixels: " + width + "x" + height + " with stride " + stride
                    + " needs " + last + " array elements, got " + length);
        }
    }
}
