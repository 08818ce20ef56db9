package org.mobilenet4j.vision.jpeg;

import java.nio.ByteBuffer;
import org.mobilenet4j.vision.Orientation;

/**
 * The EXIF Orientation tag of a JPEG, read from its bytes without decoding: the first APP1 segment that starts
 * with {@code "Exif\0\0"} among the segments before the first scan, its TIFF header (byte order {@code II} or
 * {@code MM}, magic 42) and IFD0's entry 0x0112 (type SHORT, count 1, value 1 to 8). Only the first
 * {@link #MAX_BYTES} bytes and {@link #MAX_SEGMENTS} segments are examined. Every read is bounds-checked: a
 * missing, malformed or truncated EXIF block (a bad byte-order mark, an offset or entry count pointing past
 * the segment, a value outside 1 to 8, another type or count) gives {@link Orientation#NORMAL}, never an
 * exception. Thread-safe (no state).
 */
public final class ExifOrientation {
    /** Bytes examined from the start: SOI and one whole APP1 segment of the largest size (65535 + 2). */
    public static final int MAX_BYTES = 2 + 2 + 0xFFFF;

    /** Segments examined before giving up (an EXIF APP1 normally comes first, or after a JFIF APP0). */
    static final int MAX_SEGMENTS = 16;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int SHORT = 3;

    private ExifOrientation() {
    }

    /** The orientation the JPEG in {@code data} (from its position; neither it nor the position changes) declares. */
    public static Orientation of(ByteBuffer data) {
        return Orientation.ofExif(value(data));
    }

    /** The tag's value 1 to 8, or 1 when there is none or it cannot be trusted. */
    static int value(ByteBuffer data) {
        int start = data.position();
        int end = (int) Math.min(data.limit(), (long) start + MAX_BYTES);
        if (end - start < 4 || u8(data, start) != 0xFF || u8(data, start + 1) != 0xD8) {
            return 1;
        }
        int p = start + 2;
        for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
            while (p + 1 < end && u8(data, p) == 0xFF && u8(data, p + 1) == 0xFF) {
                p++; // fill bytes before a marker
            }
            if (p + 4 > end || u8(data, p) != 0xFF) {
                return 1;
            }
            int marker = u8(data, p + 1);
            if (marker == 0xDA || marker == 0xD9) { // start of scan, end of image: no EXIF before the pixels
                return 1;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // markers without a length
                p += 2;
                continue;
            }
            int length = u16(data, p + 2, false);
            if (length < 2) {
                return 1;
            }
            int payload = p + 4;
            long segmentEnd = (long) p + 2 + length;
            if (marker == 0xE1 && isExif(data, payload, (int) Math.min(segmentEnd, end))) {
                return tiff(data, payload + 6, (int) Math.min(segmentEnd, end));
            }
            if (segmentEnd > end) {
                return 1;
            }
            p = (int) segmentEnd;
        }
        return 1;
    }

    private static boolean isExif(ByteBuffer b, int from, int to) {
        byte[] id = {'E', 'x', 'i', 'f', 0, 0};
        if (to - from < id.length) {
            return false;
        }
        for (int i = 0; i < id.length; i++) {
            if (b.get(from + i) != id[i]) {
                return false;
            }
        }
        return true;
    }

    /** The orientation in the TIFF structure held in {@code [tiff, end)} of {@code b}; offsets count from {@code tiff}. */
    private static int tiff(ByteBuffer b, int tiff, int end) {
        long size = (long) end - tiff;
        if (size < 8) {
            return 1;
        }
        boolean little;
        if (u8(b, tiff) == 'I' && u8(b, tiff + 1) == 'I') {
            little = true;
        } else if (u8(b, tiff) == 'M' && u8(b, tiff + 1) == 'M') {
            little = false;
        } else {
            return 1;
        }
        if (u16(b, tiff + 2, little) != 42) {
            return 1;
        }
        long ifd = u32(b, tiff + 4, little);
        if (ifd < 8 || ifd + 2 > size) {
            return 1;
        }
        int entries = u16(b, (int) (tiff + ifd), little);
        if (ifd + 2 + 12L * entries > size) {
            return 1;
        }
        for (int i = 0; i < entries; i++) {
            int e = (int) (tiff + ifd + 2 + 12L * i);
            if (u16(b, e, little) == ORIENTATION_TAG) {
                if (u16(b, e + 2, little) != SHORT || u32(b, e + 4, little) != 1) {
                    return 1;
                }
                int v = u16(b, e + 8, little); // a single SHORT sits in the first two bytes of the value field
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static int u8(ByteBuffer b, int i) {
        return b.get(i) & 0xFF;
    }

    private static int u16(ByteBuffer b, int i, boolean little) {
        int a = u8(b, i);
        int c = u8(b, i + 1);
        return little ? a | c << 8 : a << 8 | c;
    }

    private static long u32(ByteBuffer b, int i, boolean little) {
        long first = u16(b, i, little);
        long second = u16(b, i + 2, little);
        return little ? first | second << 16 : first << 16 | second;
    }
}
