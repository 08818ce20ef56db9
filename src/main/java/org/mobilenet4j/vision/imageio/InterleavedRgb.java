package org.mobilenet4j.vision.imageio;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * A fast path for the commonest decoded image, {@link BufferedImage#TYPE_3BYTE_BGR} (what ImageIO's JPEG reader
 * returns for colour photos): its bytes copied straight to RGB floats, the same values {@code getRGB} gives
 * (that type's colour model is sRGB, 8 bits, no alpha) at a fifth of the time. Anything else: null, and the
 * caller takes the general path.
 */
final class InterleavedRgb {
    private InterleavedRgb() {
    }

    /** Interleaved RGB floats of {@code img}, or null when it is not a plain, whole TYPE_3BYTE_BGR image. */
    static float[] of(BufferedImage img) {
        if (img.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            return null;
        }
        Raster r = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        if (r.getParent() != null || r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0
                || !(r.getSampleModel() instanceof ComponentSampleModel sm) || sm.getPixelStride() != 3
                || sm.getScanlineStride() != 3 * w || !(r.getDataBuffer() instanceof DataBufferByte db)
                || db.getNumBanks() != 1 || db.getOffset() != 0) {
            return null;
        }
        int[] offsets = sm.getBandOffsets();
        if (offsets.length != 3 || offsets[0] != 2 || offsets[1] != 1 || offsets[2] != 0) {
            return null;
        }
        byte[] bgr = db.getData();
        int n = Math.multiplyExact(w * h, 3);
        if (bgr.length < n) {
            return null;
        }
        float[] px = new float[n];
        for (int i = 0; i < n; i += 3) {
            px[i] = bgr[i + 2] & 0xff;
            px[i + 1] = bgr[i + 1] & 0xff;
            px[i + 2] = bgr[i] & 0xff;
        }
        return px;
    }
}
