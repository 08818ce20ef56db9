package org.mobilenet4j.vision.imageio;

import java.io.IOException;
import javax.imageio.IIOException;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.RgbImage;
import org.w3c.dom.Node;

/**
 * Four-channel JPEGs (print CMYK, as Photoshop writes them), which ImageIO's {@code read()} decodes without
 * complaint but with the colours wrong. The raw channels are read instead and converted here:
 * <ol>
 *   <li>Adobe transform 2 (YCCK): the first three channels are YCbCr (JFIF equations) of the inverted C, M,
 *       Y; converted back to them.</li>
 *   <li>An Adobe APP14 marker means the channels are stored inverted (255 = no ink), as Adobe applications
 *       write them; without one they are taken as plain CMYK (255 = full ink).</li>
 *   <li>RGB = (255 - C)(255 - K) / 255, likewise G from M and B from Y: the naive conversion without an ICC
 *       profile, close enough for a classifier.</li>
 * </ol>
 */
final class CmykJpeg {
    private CmykJpeg() {
    }

    /** The Adobe APP14 transform (0 CMYK, 2 YCCK), or -1 if the file has no Adobe marker. */
    static int adobeTransform(ImageReader reader) throws IOException {
        IIOMetadata meta = reader.getImageMetadata(0);
        if (meta == null) {
            return -1;
        }
        Node root = meta.getAsTree("javax_imageio_jpeg_image_1.0");
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("markerSequence")) {
                for (Node m = n.getFirstChild(); m != null; m = m.getNextSibling()) {
                    if (m.getNodeName().equals("app14Adobe")) {
                        Node t = m.getAttributes().getNamedItem("transform");
                        return t == null ? 0 : Integer.parseInt(t.getNodeValue());
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Colour channels the file declares (the standard metadata's Chroma/NumChannels), or -1 if it does not say.
     * The JDK's metadata parser refuses some files its pixel decoder reads (an EXIF APP1 before the JFIF APP0:
     * "JFIF APP0 must be first marker after SOI"); their count is then the raw image type's, which the JDK gives
     * for one and three channels only (never four, so the parser's error stands for those).
     */
    static int declaredChannels(ImageReader reader) throws IOException {
        IIOMetadata meta;
        try {
            meta = reader.getImageMetadata(0);
        } catch (IIOException e) {
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            if (raw == null) {
                throw e;
            }
            return raw.getNumBands();
        }
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

    static RgbImage toRgb(java.awt.image.Raster raster, int adobeTransform) {
        if (raster.getNumBands() != 4) {
            throw new InvalidImageException("expected four JPEG channels, got " + raster.getNumBands());
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] px = new int[4];
        float[] rgb = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(raster.getMinX() + x, raster.getMinY() + y, px);
                int c = px[0];
                int m = px[1];
                int ye = px[2];
                if (adobeTransform == 2) {
                    // YCbCr -> (inverted) C, M, Y
                    float luma = px[0];
                    float cb = px[1] - 128f;
                    float cr = px[2] - 128f;
                    c = clamp(Math.round(luma + 1.402f * cr));
                    m = clamp(Math.round(luma - 0.344136f * cb - 0.714136f * cr));
                    ye = clamp(Math.round(luma + 1.772f * cb));
                }
                int k = px[3];
                if (adobeTransform < 0) {
                    // plain CMYK: store the inverted form Adobe uses, so one formula serves both
                    c = 255 - c;
                    m = 255 - m;
                    ye = 255 - ye;
                    k = 255 - k;
                }
                int i = 3 * (y * w + x);
                rgb[i] = c * k / 255f;
                rgb[i + 1] = m * k / 255f;
                rgb[i + 2] = ye * k / 255f;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
