package org.mobilenet4j.vision;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An image as interleaved RGB floats in [0, 255], row-major (H x W x 3): the working form of every
 * pre-processing step. Decoding uses ImageIO (JPEG, PNG, BMP, GIF); BMP stores BGR on disk and ImageIO
 * returns it as RGB, as every format here.
 */
public record RgbImage(int width, int height, float[] pixels) {

    public RgbImage {
        if (width < 1 || height < 1 || pixels.length != width * height * 3) {
            throw new IllegalArgumentException("RGB image " + width + "x" + height + " needs " + width * height * 3
                    + " values, got " + pixels.length);
        }
    }

    /** Default largest image decoded from a file, in pixels; system property {@code mobilenet4j.maxImagePixels}. */
    public static final long DEFAULT_MAX_PIXELS = Long.getLong("mobilenet4j.maxImagePixels", 40_000_000L);

    public static RgbImage read(Path file) {
        return read(file, DEFAULT_MAX_PIXELS);
    }

    /**
     * Decodes an image file. Its declared size is read from the header first, and an image of more than
     * {@code maxPixels} pixels is refused before anything is allocated for it.
     */
    public static RgbImage read(Path file, long maxPixels) {
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(Files.newInputStream(file))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidImageException("cannot decode image " + file + ": not a JPEG, PNG, BMP or GIF file");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w < 1 || h < 1) {
                    throw new InvalidImageException("image " + file + " declares an empty size " + w + "x" + h);
                }
                if (w * h > maxPixels) {
                    throw new InvalidImageException("image " + file + " declares " + w + "x" + h + " pixels, more than the "
                            + "limit of " + maxPixels + " (system property mobilenet4j.maxImagePixels)");
                }
                if (reader.getFormatName().equalsIgnoreCase("jpeg") && channels(reader) == 4) {
                    // ImageIO's read() gets these colours wrong: decode the four channels ourselves
                    return CmykJpeg.toRgb(reader.readRaster(0, null), CmykJpeg.adobeTransform(reader));
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException("cannot decode image " + file + ": " + e, e);
        }
        if (img == null) {
            throw new InvalidImageException("cannot decode image " + file);
        }
        return of(img);
    }

    /** Colour channels the file declares (the standard metadata's Chroma/NumChannels), or -1 if it does not say. */
    private static int channels(ImageReader reader) throws IOException {
        javax.imageio.metadata.IIOMetadata meta = reader.getImageMetadata(0);
        if (meta == null || !meta.isStandardMetadataFormatSupported()) {
            return -1;
        }
        org.w3c.dom.Node node = meta.getAsTree(javax.imageio.metadata.IIOMetadataFormatImpl.standardMetadataFormatName)
                .getFirstChild();
        for (; node != null; node = node.getNextSibling()) {
            if (node.getNodeName().equals("Chroma")) {
                for (org.w3c.dom.Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c.getNodeName().equals("NumChannels")) {
                        return Integer.parseInt(c.getAttributes().getNamedItem("value").getNodeValue().trim());
                    }
                }
            }
        }
        return -1;
    }

    /** The RGB channels of any BufferedImage (alpha is dropped, grey is replicated). */
    public static RgbImage of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] fast = InterleavedRgb.of(img);
        if (fast != null) {
            return new RgbImage(w, h, fast);
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] px = new float[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            px[3 * i] = (argb[i] >> 16) & 0xff;
            px[3 * i + 1] = (argb[i] >> 8) & 0xff;
            px[3 * i + 2] = argb[i] & 0xff;
        }
        return new RgbImage(w, h, px);
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
