package org.mobilenet4j.vision;

/**
 * The eight orientations of the EXIF / TIFF Orientation tag (0x0112), in the tag's order (value 1 to 8): how the
 * stored pixels are turned to show the image upright. Each is a pure permutation of the pixels; the last four
 * swap width and height.
 */
public enum Orientation {
    /** 1: as stored. */
    NORMAL,
    /** 2: mirrored left to right. */
    MIRROR_HORIZONTAL,
    /** 3: turned 180°. */
    ROTATE_180,
    /** 4: mirrored top to bottom. */
    MIRROR_VERTICAL,
    /** 5: mirrored along the main diagonal (stored row y becomes column y). */
    TRANSPOSE,
    /** 6: turned 90° clockwise. */
    ROTATE_90_CW,
    /** 7: mirrored along the other diagonal. */
    TRANSVERSE,
    /** 8: turned 270° clockwise (90° counter-clockwise). */
    ROTATE_270_CW;

    private static final Orientation[] VALUES = values();

    /** The orientation of EXIF tag value {@code value}; {@link #NORMAL} for anything outside 1 to 8. */
    public static Orientation ofExif(int value) {
        return value >= 1 && value <= 8 ? VALUES[value - 1] : NORMAL;
    }

    /** The EXIF tag value, 1 to 8. */
    public int exifValue() {
        return ordinal() + 1;
    }

    /** True when the upright image is the stored one's height wide (5 to 8). */
    public boolean swapsSides() {
        return ordinal() >= TRANSPOSE.ordinal();
    }

    /**
     * Where stored pixel ({@code x}, {@code y}) of a {@code w}×{@code h} image goes in the upright image, as the
     * index of the pixel (row-major; the upright image is h×w for 5 to 8). The one definition of the geometry.
     */
    long target(long x, long y, long w, long h) {
        long uprightWidth = swapsSides() ? h : w;
        long tx;
        long ty;
        switch (this) {
            case NORMAL -> { tx = x; ty = y; }
            case MIRROR_HORIZONTAL -> { tx = w - 1 - x; ty = y; }
            case ROTATE_180 -> { tx = w - 1 - x; ty = h - 1 - y; }
            case MIRROR_VERTICAL -> { tx = x; ty = h - 1 - y; }
            case TRANSPOSE -> { tx = y; ty = x; }
            case ROTATE_90_CW -> { tx = h - 1 - y; ty = x; }
            case TRANSVERSE -> { tx = h - 1 - y; ty = w - 1 - x; }
            default -> { tx = y; ty = w - 1 - x; } // ROTATE_270_CW
        }
        return ty * uprightWidth + tx;
    }

    /** Where stored row {@code y} starts in the upright image's values (3 per pixel). */
    private int rowStart(int y, int w, int h) {
        return (int) target(0, y, w, h) * 3;
    }

    /** How far apart in the upright image's values two neighbours of a stored row land (the same in every row). */
    private int step(int w, int h) {
        return (int) (target(1, 0, w, h) - target(0, 0, w, h)) * 3;
    }

    /**
     * {@code image} turned upright (the image itself for {@link #NORMAL}, else a new one: one more float copy).
     */
    public RgbImage apply(RgbImage image) {
        if (this == NORMAL) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        float[] src = image.pixels();
        float[] dst = new float[src.length];
        int step = step(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0, s = y * w * 3, d = rowStart(y, w, h); x < w; x++, s += 3, d += step) {
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return swapsSides() ? new RgbImage(h, w, dst) : new RgbImage(w, h, dst);
    }

    /**
     * The {@code w}×{@code h} interleaved RGB bytes in {@code src} (absolute, from index 0; not moved) turned
     * upright into a new image, read one row at a time (no second copy of the whole image).
     */
    public Rgb8Image apply(java.nio.ByteBuffer src, int w, int h) {
        byte[] dst = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        if (this == NORMAL) {
            src.get(0, dst);
            return new Rgb8Image(w, h, dst);
        }
        byte[] row = new byte[w * 3];
        int step = step(w, h);
        for (int y = 0; y < h; y++) {
            src.get(y * w * 3, row);
            for (int x = 0, s = 0, d = rowStart(y, w, h); x < w; x++, s += 3, d += step) {
                dst[d] = row[s];
                dst[d + 1] = row[s + 1];
                dst[d + 2] = row[s + 2];
            }
        }
        return swapsSides() ? new Rgb8Image(h, w, dst) : new Rgb8Image(w, h, dst);
    }
}
