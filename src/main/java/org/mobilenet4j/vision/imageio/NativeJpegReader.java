package org.mobilenet4j.vision.imageio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.Orientation;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.jpeg.ExifOrientation;
import org.mobilenet4j.vision.jpeg.NativeJpeg;

/**
 * The fast path of {@link BoundedImageReader}: a grey or colour JPEG decoded by libjpeg-turbo
 * ({@link NativeJpeg}). The file is read once into a per-thread direct buffer, its header is checked against
 * {@link ImageLimits} before anything is allocated for its pixels, and it is decoded into a second per-thread
 * direct buffer (kept for the next image of the thread unless larger than {@link #KEEP_BYTES}), then copied
 * once into the image's own byte array, turned upright on the way when asked to and its EXIF Orientation tag
 * says so ({@link ExifOrientation}). Anything it does
 * not take (not a JPEG, four channels, a file larger than the memory limit) returns null, and ImageIO decodes it.
 * Thread-safe.
 */
final class NativeJpegReader {
    /** Per-thread buffers up to this size are kept for the thread's next image; larger ones are dropped. */
    static final int KEEP_BYTES = 16 << 20;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private NativeJpegReader() {
    }

    /** {@code file} decoded (turned upright if {@code upright}), or null when it is not a JPEG this decoder takes. */
    static Rgb8Image read(Path file, ImageLimits limits, int reduceToSide, boolean upright) {
        Buffers b = BUFFERS.get();
        ByteBuffer data;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 3 || size > limits.maxBytes() || size > Integer.MAX_VALUE - 8) {
                return null; // ImageIO streams it (or says what is wrong with it)
            }
            data = b.input((int) size);
            data.limit(3);
            while (data.hasRemaining() && ch.read(data) >= 0) {
                // the first bytes: not a JPEG, not read further
            }
            if (!NativeJpeg.isJpeg(data.duplicate().flip())) {
                return null;
            }
            data.limit((int) size);
            while (data.hasRemaining() && ch.read(data) >= 0) {
                // the whole file
            }
            data.flip();
        } catch (IOException e) {
            throw new InvalidImageException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        return decode(data, file, limits, reduceToSide, upright);
    }

    /**
     * The JPEG in {@code data}'s remaining bytes (heap or direct; neither it nor its position is changed) decoded,
     * or null when it is not one this decoder takes; a heap buffer is first copied into this thread's direct one.
     */
    static Rgb8Image decodeCopy(ByteBuffer data, String name, ImageLimits limits, int reduceToSide, boolean upright) {
        ByteBuffer view = data.duplicate();
        if (!NativeJpeg.isJpeg(view)) {
            return null;
        }
        if (!view.isDirect()) {
            if (view.remaining() > limits.maxBytes() || view.remaining() > Integer.MAX_VALUE - 8) {
                return null; // ImageIO reads it in place (or says what is wrong with it)
            }
            ByteBuffer direct = BUFFERS.get().input(view.remaining());
            direct.put(view).flip();
            view = direct;
        }
        return decode(view, name, limits, reduceToSide, upright);
    }

    /**
     * The JPEG in {@code data} (a direct buffer, position to limit) decoded, or null when it is not one this
     * decoder takes; {@code name} names it in messages. With {@code upright}, the pixels are turned as the
     * EXIF Orientation tag says while they are copied out (no extra copy; sides swapped for 5 to 8).
     */
    static Rgb8Image decode(ByteBuffer data, Object name, ImageLimits limits, int reduceToSide, boolean upright) {
        if (!NativeJpeg.isJpeg(data)) {
            return null;
        }
        NativeJpeg.Header h = NativeJpeg.header(data, name.toString());
        if (!h.rgbDecodable()) {
            return null; // CMYK / YCCK: ImageIO's raster and CmykJpeg
        }
        BoundedImageReader.checkSize(name, h.width(), h.height(), limits);
        if (h.progressive()) { // counted before decoding, as ImageIO's path does; libjpeg checks again as it goes
            try {
                BoundedImageReader.checkScans(name, JpegScans.count(data, limits.maxJpegScans()), h.width(),
                        h.height(), limits);
            } catch (IOException e) {
                throw new InvalidImageException("cannot read JPEG " + name + ": " + e.getMessage(), e);
            }
        }
        int scale = scaleDenom(h.width(), h.height(), reduceToSide);
        long rgbBytes = h.rgbBytes(scale);
        long pixels = rgbBytes / 3;
        // the RGB bytes (native and heap), their float copy if asked for, a progressive file's coefficients
        long need = pixels * (3 + 3 + ImageLimits.RGB_FLOAT_BYTES)
                + (h.progressive() ? 2L * h.components() * h.width() * h.height() : 0);
        BoundedImageReader.checkMemory(name, h.width(), h.height(), need, limits);
        int permits = BoundedImageReader.reserve(name, need);
        try {
            Buffers b = BUFFERS.get();
            ByteBuffer out = b.output(Math.toIntExact(rgbBytes));
            int[] size = NativeJpeg.decodeRgb(data, name.toString(), scale, limits, out);
            Orientation o = upright ? ExifOrientation.of(data) : Orientation.NORMAL;
            return o.apply(out.duplicate().clear(), size[0], size[1]);
        } catch (OutOfMemoryError e) {
            throw new InvalidImageException("image " + name + " (" + h.width() + "x" + h.height() + ") ran out of "
                    + "memory while decoding (estimated " + BoundedImageReader.mb(need) + " MB)", e);
        } finally {
            BoundedImageReader.release(permits);
        }
    }

    /**
     * libjpeg's DCT scaling for a reduced-size decode: the largest of 1/2, 1/4, 1/8 that is no coarser than the
     * ImageIO subsampling step {@link BoundedImageReader#subsampling} would take; 1 for a full decode.
     */
    static int scaleDenom(long w, long h, int reduceToSide) {
        int s = BoundedImageReader.subsampling(w, h, reduceToSide);
        int d = 1;
        while (d * 2 <= Math.min(s, 8)) {
            d *= 2;
        }
        return d;
    }

    /** One thread's buffers: the file's bytes and the decoded RGB bytes. */
    private static final class Buffers {
        private ByteBuffer in;
        private ByteBuffer out;

        ByteBuffer input(int bytes) {
            if (in == null || in.capacity() < bytes) {
                ByteBuffer b = ByteBuffer.allocateDirect(roundUp(bytes));
                if (b.capacity() > KEEP_BYTES) {
                    return b.limit(bytes);
                }
                in = b;
            }
            return in.clear().limit(bytes);
        }

        ByteBuffer output(int bytes) {
            if (out == null || out.capacity() < bytes) {
                ByteBuffer b = ByteBuffer.allocateDirect(roundUp(bytes));
                if (b.capacity() > KEEP_BYTES) {
                    return b;
                }
                out = b;
            }
            return out;
        }

        /** Sizes grow in 64 KiB steps, so a folder of similar photos settles on one buffer quickly. */
        private static int roundUp(int bytes) {
            return (int) Math.min(Integer.MAX_VALUE - 8, ((long) bytes + 0xFFFF) & ~0xFFFFL);
        }
    }
}
