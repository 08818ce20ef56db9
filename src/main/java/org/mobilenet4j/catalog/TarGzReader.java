package org.mobilenet4j.catalog;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Finds one regular file in a .tgz (POSIX ustar/GNU tar): 512-byte headers, name at 0 (100 bytes, with the
 * ustar prefix at 345), size in octal at 124, type at 156, contents padded to 512 bytes. Streams: nothing is
 * allocated from a header's size, other entries are skipped, and the expanded bytes read are capped (a gzip
 * bomb stops at the cap).
 */
final class TarGzReader {
    private TarGzReader() {
    }

    /**
     * Copies the entry whose base name is {@code member} to {@code out}. IOException if it is absent, if its
     * header declares another size than {@code expectedSize}, or if more than {@code maxExpanded} bytes must
     * be expanded to reach its end.
     */
    static void extract(InputStream tgz, String member, long expectedSize, long maxExpanded, OutputStream out)
            throws IOException {
        DataInputStream in = new DataInputStream(new Capped(new GZIPInputStream(tgz), maxExpanded));
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
            long size = size(header, full);
            char type = (char) header[156];
            String base = full.substring(full.lastIndexOf('/') + 1);
            long padded = size + (512 - size % 512) % 512;
            if ((type == '0' || type == 0) && base.equals(member)) {
                if (size != expectedSize) {
                    throw new IOException("archive entry " + full + " declares " + size + " bytes, the catalog expects "
                            + expectedSize);
                }
                copy(in, out, size, full);
                return;
            }
            try {
                in.skipNBytes(padded);
            } catch (EOFException e) {
                throw new IOException("archive ends inside entry " + full + " (declared " + size + " bytes)");
            }
        }
        throw new IOException("archive has no file named " + member);
    }

    private static long size(byte[] header, String entry) throws IOException {
        String octal = field(header, 124, 12).trim();
        try {
            long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("tar entry " + entry + " has a bad size field '" + octal + "'");
    }

    private static void copy(DataInputStream in, OutputStream out, long size, String entry) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (long left = size; left > 0; ) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("archive ends inside entry " + entry + " (declared " + size + " bytes, got "
                        + (size - left) + ")");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static String field(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.US_ASCII);
    }

    /** Fails once more than {@code max} bytes have been read or skipped. */
    private static final class Capped extends FilterInputStream {
        private final long max;
        private long count;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        private int counted(long n) throws IOException {
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new IOException("archive expands to more than " + max + " bytes before the file needed ends"
                            + " (a decompression bomb?); stopped");
                }
            }
            return (int) Math.min(n, Integer.MAX_VALUE);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            counted(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            counted(r);
            return r;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, 1 << 16));
            counted(s);
            return s;
        }
    }
}
