package org.mobilenet4j.vision;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test JPEGs carrying an EXIF Orientation tag, built in memory from a real JPEG: an APP1 {@code "Exif\0\0"}
 * segment holding a TIFF header and an IFD0 of two entries (Make, then Orientation), written byte by byte
 * here (the EXIF 2.3 / TIFF 6.0 layout), and the geometric transforms each orientation stands for, composed
 * of a mirror and quarter turns (not the library's formulas).
 */
public final class ExifJpegs {
    /** Offsets in {@link #tiff}'s bytes, for tests that damage one field. */
    public static final int IFD_OFFSET = 4;
    public static final int ENTRY_COUNT = 8;
    public static final int ORIENTATION_ENTRY = 8 + 2 + 12;
    /** Length of {@link #tiff}'s IFD0 up to the end of its entries. */
    public static final int ENTRIES_END = 8 + 2 + 2 * 12;

    /** Where the APP1 segment goes. */
    public enum Layout {
        /** As a camera writes it: SOI, APP1 Exif, ... (the JFIF APP0, if any, left out). */
        CAMERA,
        /** As an editor keeps it: SOI, APP0 JFIF, APP1 Exif, ... */
        AFTER_JFIF,
        /** Right after SOI, before the JFIF APP0 (the JDK's metadata parser refuses it; its pixel decoder does not). */
        BEFORE_JFIF
    }

    private ExifJpegs() {
    }

    /** A TIFF structure: header, IFD0 {Make "Ab\0" inline, Orientation SHORT 1 = {@code orientation}}, no next IFD. */
    public static byte[] tiff(int orientation, boolean littleEndian) {
        ByteBuffer b = ByteBuffer.allocate(ENTRIES_END + 4).order(littleEndian ? ByteOrder.LITTLE_ENDIAN
                : ByteOrder.BIG_ENDIAN);
        b.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M'));
        b.putShort((short) 42).putInt(8); // magic, offset of IFD0
        b.putShort((short) 2);
        b.putShort((short) 0x010F).putShort((short) 2).putInt(3).put(new byte[] {'A', 'b', 0, 0}); // Make, ASCII
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0); // no IFD1
        return b.array();
    }

    /** The APP1 segment (marker, length, {@code "Exif\0\0"}, then {@code tiff}). */
    public static byte[] app1(byte[] tiff) {
        int length = 2 + 6 + tiff.length;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0xFF);
        o.write(0xE1);
        o.write(length >> 8);
        o.write(length & 0xFF);
        o.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        o.writeBytes(tiff);
        return o.toByteArray();
    }

    /** {@code jpeg} with {@code segment} put where {@code layout} says. */
    public static byte[] with(byte[] jpeg, byte[] segment, Layout layout) {
        boolean jfif = (jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0;
        int app0End = jfif ? 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF)) : 2;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(jpeg, 0, 2);
        switch (layout) {
            case CAMERA -> {
                o.writeBytes(segment);
                o.write(jpeg, app0End, jpeg.length - app0End);
            }
            case AFTER_JFIF -> {
                o.write(jpeg, 2, app0End - 2);
                o.writeBytes(segment);
                o.write(jpeg, app0End, jpeg.length - app0End);
            }
            default -> {
                o.writeBytes(segment);
                o.write(jpeg, 2, jpeg.length - 2);
            }
        }
        return o.toByteArray();
    }

    /** {@code jpeg} tagged with {@code orientation} in the given byte order, where {@code layout} says. */
    public static byte[] tagged(byte[] jpeg, int orientation, boolean littleEndian, Layout layout) {
        return with(jpeg, app1(tiff(orientation, littleEndian)), layout);
    }

    /** What a viewer shows for stored pixels {@code img} tagged {@code orientation} (1 to 8; anything else: as stored). */
    public static RgbImage upright(RgbImage img, int orientation) {
        return switch (orientation) {
            case 2 -> mirror(img);
            case 3 -> quarter(quarter(img));
            case 4 -> quarter(quarter(mirror(img)));          // mirrored left-right, then turned 180: top-bottom
            case 5 -> mirror(quarter(img));                   // transpose
            case 6 -> quarter(img);
            case 7 -> quarter(quarter(mirror(quarter(img)))); // transverse: turned 90, then mirrored top-bottom
            case 8 -> quarter(quarter(quarter(img)));
            default -> img;
        };
    }

    /** Mirrored left to right. */
    static RgbImage mirror(RgbImage img) {
        int w = img.width();
        float[] out = new float[img.pixels().length];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(img.pixels(), (y * w + x) * 3, out, (y * w + (w - 1 - x)) * 3, 3);
            }
        }
        return new RgbImage(w, img.height(), out);
    }

    /** Turned 90° clockwise: the stored left column becomes the top row. */
    static RgbImage quarter(RgbImage img) {
        int w = img.width();
        int h = img.height();
        float[] out = new float[img.pixels().length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) { // the upright image is h wide: pixel (x, y) lands at column h-1-y, row x
                System.arraycopy(img.pixels(), (y * w + x) * 3, out, (x * h + (h - 1 - y)) * 3, 3);
            }
        }
        return new RgbImage(h, w, out);
    }
}
