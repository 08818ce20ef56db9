package org.mobilenet4j.vision.imageio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An ImageIO input stream over encoded image bytes in memory, read in place (no copy, no cache file): the
 * buffer's bytes from index 0 to its limit, whatever its position. Not thread-safe (one reader at a time),
 * as every ImageIO stream.
 */
final class ByteBufferImageInputStream extends ImageInputStreamImpl {
    private final ByteBuffer data;

    /** Reads {@code data}'s bytes from index 0 to its limit; the caller does not change them meanwhile. */
    ByteBufferImageInputStream(ByteBuffer data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (streamPos >= data.limit()) {
            return -1;
        }
        return data.get((int) streamPos++) & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        Objects.checkFromIndexSize(off, len, b.length);
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= data.limit()) {
            return -1;
        }
        int n = (int) Math.min(len, data.limit() - streamPos);
        data.get((int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.limit();
    }

    /** A plain stream over the same bytes, from index 0. */
    static InputStream stream(ByteBuffer data) {
        ByteBuffer view = data.duplicate().position(0);
        return new InputStream() {
            @Override
            public int read() {
                return view.hasRemaining() ? view.get() & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                if (!view.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(len, view.remaining());
                view.get(b, off, n);
                return n;
            }
        };
    }
}
