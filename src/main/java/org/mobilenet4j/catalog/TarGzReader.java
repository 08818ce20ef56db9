package org.mobilenet4j.catalog;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Finds one regular file in a .tgz (POSIX ustar/GNU tar): 512-byte headers, name at 0 (100 bytes, with the
 * ustar prefix at 345), size in octal at 124, type at 156, contents padded to 512 bytes.
 */
final class TarGzReader {
    private TarGzReader() {
    }

    /** The bytes of the entry whose base name is {@code member}; IOException if it is absent. */
    static byte[] extract(InputStream tgz, String member) throws IOException {
        DataInputStream in = new DataInputStream(new GZIPInputStream(tgz));
        byte[] header = new byte[512];
        while (true) {
            try {
                in.readFully(header);
            } catch (EOFException e) {
                break;
            }
            if (header[0] == 0) {
                break;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            String full = prefix.isEmpty() ? name : prefix + "/" + name;
            long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                throw new IOException("tar entry " + full + " has a bad size " + size);
            }
            char type = (char) header[156];
            String base = full.substring(full.lastIndexOf('/') + 1);
            byte[] data = new byte[(int) size];
            in.readFully(data);
            long pad = (512 - size % 512) % 512;
            in.skipNBytes(pad);
            if ((type == '0' || type == 0) && base.equals(member)) {
                return data;
            }
        }
        throw new IOException("archive has no file named " + member);
    }

    private static String field(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
