package org.mobilenet4j.vision.imageio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the scans (SOS segments) of a JPEG file by walking its markers, without decoding: segment lengths
 * are skipped, entropy-coded data is read up to the next marker that is not a stuffed byte (FF 00), a fill
 * byte or a restart marker (FF D0 to FF D7). Stops at EOI, at the end of the file, or once {@code limit}
 * is exceeded.
 */
final class JpegScans {
    private JpegScans() {
    }

    /** Scans in {@code file}, or {@code limit + 1} as soon as there are more than {@code limit}. */
    static int count(Path file, int limit) throws IOException {
        return count(Files.newInputStream(file), limit);
    }

    /** Scans in the JPEG held in {@code data} (position to limit; the buffer itself is not moved). */
    static int count(ByteBuffer data, int limit) throws IOException {
        ByteBuffer b = data.duplicate();
        return count(new InputStream() {
            @Override
            public int read() {
                return b.hasRemaining() ? b.get() & 0xFF : -1;
            }

            @Override
            public int read(byte[] into, int off, int len) {
                if (!b.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(len, b.remaining());
                b.get(into, off, n);
                return n;
            }
        }, limit);
    }

    /** As {@link #count(Path, int)}, for the JPEG that {@code stream} holds from where it is; closes it. */
    static int count(InputStream stream, int limit) throws IOException {
        try (Bytes in = new Bytes(stream)) {
            if (in.read() != 0xFF || in.read() != 0xD8) {
                return 0;
            }
            int scans = 0;
            int marker = in.nextMarker();
            while (marker >= 0 && marker != 0xD9) {
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                    marker = in.nextMarker();
                    continue;
                }
                int hi = in.read();
                int lo = in.read();
                long length = ((hi << 8) | lo) - 2;
                if (lo < 0 || length < 0 || !in.skip(length)) {
                    break;
                }
                if (marker == 0xDA) {
                    if (++scans > limit) {
                        return scans;
                    }
                    do { // entropy-coded data: stuffed bytes and restart markers do not end it
                        marker = in.nextMarker();
                    } while (marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7));
                } else {
                    marker = in.nextMarker();
                }
            }
            return scans;
        }
    }

    /** An unsynchronized byte reader over a stream: the entropy data is walked byte by byte. */
    private static final class Bytes implements AutoCloseable {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int lim;

        Bytes(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            if (pos == lim && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xFF;
        }

        private boolean fill() throws IOException {
            lim = Math.max(0, in.read(buf));
            pos = 0;
            return lim > 0;
        }

        /** Skips {@code n} bytes; false if the stream ends first. */
        boolean skip(long n) throws IOException {
            while (n > 0) {
                if (pos == lim && !fill()) {
                    return false;
                }
                int k = (int) Math.min(n, lim - pos);
                pos += k;
                n -= k;
            }
            return true;
        }

        /** The next marker code after FF (fill bytes skipped), or -1 at the end. */
        int nextMarker() throws IOException {
            while (true) {
                for (; pos < lim; pos++) {
                    if (buf[pos] == (byte) 0xFF) {
                        break;
                    }
                }
                if (pos < lim) {
                    break;
                }
                if (!fill()) {
                    return -1;
                }
            }
            int b;
            do {
                b = read();
            } while (b == 0xFF);
            return b;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
