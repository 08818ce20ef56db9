package org.mobilenet4j.vision;

import org.mobilenet4j.config.NumericProperties;

/**
 * Bounds on decoding one image file, checked from its header before any pixel is decoded.
 *
 * @param maxPixels    largest width × height decoded (system property {@code mobilenet4j.maxImagePixels},
 *                     default 40 M)
 * @param maxBytes     largest memory one decode may need: the decoded raster (bytes per pixel as the file
 *                     declares them: 16-bit samples and alpha count) plus the float RGB copy (12 bytes per
 *                     pixel); system property {@code mobilenet4j.maxImageBytes}, default half the maximum
 *                     heap. Decodes running at once also share one pool of that size, so two large images
 *                     decode one after the other instead of exhausting the heap together.
 * @param maxJpegScans largest number of scans (SOS markers) in a JPEG: a progressive file decodes each scan
 *                     over the whole image, so repeated scans cost time without bound (system property
 *                     {@code mobilenet4j.maxJpegScans}, default 100; ordinary progressive files have 6 to 12)
 * @param maxJpegScanPixels largest scans × pixels of a JPEG, the work its scans cost (system property
 *                     {@code mobilenet4j.maxJpegScanPixels}, default 1 G: a 40-megapixel photo of the usual 10
 *                     scans is 400 M; about 27 ns each on this project's test machine, so about 30 s at most)
 */
public record ImageLimits(long maxPixels, long maxBytes, int maxJpegScans, long maxJpegScanPixels) {

    /** Bytes of the float RGB copy of one pixel ({@link RgbImage}). */
    public static final int RGB_FLOAT_BYTES = 12;

    public ImageLimits {
        if (maxPixels < 1 || maxBytes < 1 || maxJpegScans < 1 || maxJpegScanPixels < 1) {
            throw new IllegalArgumentException("image limits must be positive, got " + maxPixels + " pixels, "
                    + maxBytes + " bytes, " + maxJpegScans + " JPEG scans, " + maxJpegScanPixels + " scan pixels");
        }
    }

    /**
     * The defaults: system properties, else 40 M pixels, half the maximum heap, 100 JPEG scans, 1 G scan pixels.
     * A property that is not a positive whole number (maxImageBytes: a size, suffix k, m or g allowed) is an
     * {@link IllegalArgumentException} naming it ({@link NumericProperties}).
     */
    public static ImageLimits defaults() {
        return new ImageLimits(NumericProperties.count("mobilenet4j.maxImagePixels", 40_000_000L),
                defaultMaxBytes(), NumericProperties.intCount("mobilenet4j.maxJpegScans", 100),
                NumericProperties.count("mobilenet4j.maxJpegScanPixels", 1_000_000_000L));
    }

    /** The default {@code maxBytes}: system property mobilenet4j.maxImageBytes, else half the maximum heap. */
    public static long defaultMaxBytes() {
        return NumericProperties.size("mobilenet4j.maxImageBytes", Runtime.getRuntime().maxMemory() / 2);
    }

    public ImageLimits withMaxPixels(long pixels) {
        return new ImageLimits(pixels, maxBytes, maxJpegScans, maxJpegScanPixels);
    }

    public ImageLimits withMaxBytes(long bytes) {
        return new ImageLimits(maxPixels, bytes, maxJpegScans, maxJpegScanPixels);
    }

    public ImageLimits withMaxJpegScans(int scans) {
        return new ImageLimits(maxPixels, maxBytes, scans, maxJpegScanPixels);
    }

    public ImageLimits withMaxJpegScanPixels(long scanPixels) {
        return new ImageLimits(maxPixels, maxBytes, maxJpegScans, scanPixels);
    }
}
