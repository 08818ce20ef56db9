package org.mobilenet4j.vision.imageio;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.Pixels;
import org.mobilenet4j.vision.RgbImage;

/**
 * The image-I/O adapter: image files (ImageIO: JPEG, PNG, BMP, GIF, and any ImageIO plugin on the class
 * path) and {@code BufferedImage}s become {@link RgbImage}s. BMP stores BGR on disk and ImageIO returns it as
 * RGB, as every format here. The only part of the library that uses AWT; the core (model, predictor, tasks
 * on {@link RgbImage}) never loads it. Thread-safe.
 */
public final class Images {
    private Images() {
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
        return Pixels.argb(img.getRGB(0, 0, w, h, null, 0, w), w, h);
    }

}
