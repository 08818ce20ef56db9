package org.mobilenet4j.vision.imageio;

import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.Orientation;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;
import org.mobilenet4j.vision.jpeg.ExifOrientation;
import org.mobilenet4j.vision.jpeg.NativeJpeg;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file or encoded bytes in memory within {@link ImageLimits}: grey and colour JPEGs with libjpeg-turbo
 * ({@link NativeJpegReader}) where the natives are there, everything else (and every JPEG where they are not)
 * with ImageIO (JPEG, PNG, BMP, GIF, and WebP through TwelveMonkeys' plugin) within
 * {@link ImageLimits}: only regular files are opened (a FIFO or a device would block or never end); the
 * header's size, the memory the decode needs and a JPEG's scan count are checked before any pixel is
 * decoded; concurrent decodes share one memory pool; an {@code OutOfMemoryError} inside the decoder
 * becomes an {@link InvalidImageException}. With {@code upright}, a JPEG is turned as its EXIF Orientation tag
 * says ({@link ExifOrientation}) before anything else sees its pixels, on both paths alike. Thread-safe (each
 * call has its own reader).
 */
final class BoundedImageReader {
    /**
     * Decodes running at once reserve their estimated bytes from this pool (KiB permits), sized by the default
     * maxBytes when the first decode needs it: an invalid mobilenet4j.maxImageBytes then fails that call (and the
     * next, until it is fixed), never the class.
     */
    private record Pool(long bytes, Semaphore permits) {
    }

    private static volatile Pool pool;

    private static Pool pool() {
        Pool p = pool;
        if (p == null) {
            synchronized (BoundedImageReader.class) {
                p = pool;
                if (p == null) {
                    long bytes = ImageLimits.defaultMaxBytes();
                    pool = p = new Pool(bytes, new Semaphore(permits(bytes)));
                }
            }
        }
        return p;
    }

    /**
     * Reduced-size decoding keeps the decoded shorter side at least this many times the requested side: a
     * photo is subsampled only when it is many times the model's input.
     */
    static final int REDUCE_KEEP = 4;

    private BoundedImageReader() {
    }

    private static int permits(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024);
    }

    /**
     * Decodes {@code file}. With {@code reduceToSide > 0}, an image whose shorter side is at least
     * {@code 2 × REDUCE_KEEP × reduceToSide} is decoded with ImageIO source subsampling (every s-th pixel,
     * the shorter side kept at least {@code REDUCE_KEEP × reduceToSide}).
     */
    static RgbImage read(Path file, ImageLimits limits, int reduceToSide, boolean upright) {
        pool(); // a bad mobilenet4j.maxImageBytes is the caller's configuration, not this image's fault
        checkRegularFile(file);
        Rgb8Image bytes = readRgb8(file, limits, reduceToSide, upright);
        if (bytes != null) {
            return bytes.toRgbImage();
        }
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            return read(in, file.toString(), "file", () -> Files.newInputStream(file), limits, reduceToSide, upright);
        } catch (IOException e) {
            throw new InvalidImageException("cannot decode image " + file + ": " + e, e);
        }
    }

    /**
     * Decodes the encoded image in {@code data}'s remaining bytes (its position is left as it is), as
     * {@link #read(Path, ImageLimits, int)} decodes a file; {@code name} stands for it in messages.
     */
    static RgbImage read(ByteBuffer data, String name, ImageLimits limits, int reduceToSide, boolean upright) {
        pool(); // a bad mobilenet4j.maxImageBytes is the caller's configuration, not this image's fault
        ByteBuffer view = data.slice();
        if (NativeJpeg.available()) {
            Rgb8Image bytes = NativeJpegReader.decodeCopy(view, name, limits, reduceToSide, upright);
            if (bytes != null) {
                return bytes.toRgbImage();
            }
        }
        return read(new ByteBufferImageInputStream(view), name, "data", () -> ByteBufferImageInputStream.stream(view),
                limits, reduceToSide, upright);
    }

    /** Where {@link JpegScans} reads an image's raw bytes from (again, from the start). */
    @FunctionalInterface
    private interface RawBytes {
        InputStream open() throws IOException;
    }

    /** Decodes the image in {@code in} ({@code kind}: "file" or "data", for messages); closes nothing. */
    private static RgbImage read(ImageInputStream in, String file, String kind, RawBytes raw, ImageLimits limits,
                                 int reduceToSide, boolean upright) {
        try {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidImageException("cannot decode image " + file + ": " + (in.length() == 0
                        ? "empty " + kind : "not a JPEG, PNG, BMP, GIF, TIFF or WebP " + kind));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return decode(file, raw, reader, limits, reduceToSide, upright);
            } catch (javax.imageio.IIOException | java.io.EOFException e) {
                // the reader's own words ("Error skipping PNG metadata", "eof") kept as the detail
                throw new InvalidImageException("cannot decode image " + file + ": corrupt or truncated "
                        + reader.getFormatName().toUpperCase(java.util.Locale.ROOT) + " " + kind + " ("
                        + detail(e) + ")", e);
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException("cannot decode image " + file + ": " + e, e);
        }
    }

    /** What a reader's exception and its causes say, in words, each once ("a: b" when a cause adds to it). */
    private static String detail(Throwable e) {
        StringBuilder b = new StringBuilder(org.mobilenet4j.batch.ErrorText.of(e));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            String more = org.mobilenet4j.batch.ErrorText.of(c);
            if (b.indexOf(more) < 0) {
                b.append(": ").append(more);
            }
        }
        return b.toString();
    }

    /**
     * {@code file} decoded to 8-bit RGB by libjpeg-turbo when it is a grey or colour JPEG and the natives are
     * there; null otherwise (then {@link #read} decodes it with ImageIO). Refuses what {@link #read} refuses.
     */
    static Rgb8Image readRgb8(Path file, ImageLimits limits, int reduceToSide, boolean upright) {
        pool(); // a bad mobilenet4j.maxImageBytes is the caller's configuration, not this image's fault
        if (!NativeJpeg.available()) {
            return null;
        }
        checkRegularFile(file);
        return NativeJpegReader.read(file, limits, reduceToSide, upright);
    }

    /** {@link #readRgb8(Path, ImageLimits, int, boolean)} for encoded bytes in memory (full size). */
    static Rgb8Image readRgb8(ByteBuffer data, String name, ImageLimits limits, boolean upright) {
        pool(); // a bad mobilenet4j.maxImageBytes is the caller's configuration, not this image's fault
        return NativeJpeg.available() ? NativeJpegReader.decodeCopy(data, name, limits, 0, upright) : null;
    }

    /** {@code file}: the file's path or the data's name, in messages. */
    private static RgbImage decode(String file, RawBytes raw, ImageReader reader, ImageLimits limits,
                                   int reduceToSide, boolean upright) throws IOException {
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        checkSize(file, w, h, limits);
        int s = subsampling(w, h, reduceToSide);
        long dw = (w + s - 1) / s;
        long dh = (h + s - 1) / s;
        boolean jpeg = reader.getFormatName().equalsIgnoreCase("jpeg");
        int channels = jpeg ? CmykJpeg.declaredChannels(reader) : -1;
        Orientation orientation = jpeg && upright ? orientation(raw) : Orientation.NORMAL;
        // the decoded raster, its float copy, and the turned copy of that when the EXIF tag asks for one
        long need = dw * dh * (rasterBytesPerPixel(reader, channels) + ImageLimits.RGB_FLOAT_BYTES
                + (orientation == Orientation.NORMAL ? 0 : ImageLimits.RGB_FLOAT_BYTES));
        checkMemory(file, w, h, need, limits);
        if (jpeg) {
            checkScans(file, JpegScans.count(raw.open(), limits.maxJpegScans()), w, h, limits);
        }
        ImageReadParam param = reader.getDefaultReadParam();
        if (s > 1) {
            param.setSourceSubsampling(s, s, 0, 0);
        }
        int permits = reserve(file, need);
        try {
            if (channels == 4) {
                // ImageIO's read() gets these colours wrong: decode the four channels ourselves
                return orientation.apply(CmykJpeg.toRgb(reader.readRaster(0, param), CmykJpeg.adobeTransform(reader)));
            }
            BufferedImage img = reader.read(0, param);
            if (img == null) {
                throw new InvalidImageException("cannot decode image " + file);
            }
            return orientation.apply(Images.of(img));
        } catch (OutOfMemoryError e) {
            throw new InvalidImageException("image " + file + " (" + w + "x" + h + ") ran out of memory while "
                    + "decoding (estimated " + mb(need) + " MB; maximum heap " + mb(Runtime.getRuntime().maxMemory())
                    + " MB)", e);
        } finally {
            release(permits);
        }
    }

    /** The EXIF orientation of the JPEG {@code raw} holds, from its first {@link ExifOrientation#MAX_BYTES} bytes. */
    private static Orientation orientation(RawBytes raw) throws IOException {
        try (InputStream in = raw.open()) {
            return ExifOrientation.of(ByteBuffer.wrap(in.readNBytes(ExifOrientation.MAX_BYTES)));
        }
    }

    /** Refuses what is not a regular file before opening it: a FIFO or a device would block or never end. */
    private static void checkRegularFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidImageException("image " + file + " is not a regular file" + (Files.exists(file)
                    ? " (a FIFO, device or folder is not read)" : " (no such file)"));
        }
    }

    /** Refuses an empty image or one of more pixels than the limit, from its declared size. */
    static void checkSize(Object file, long w, long h, ImageLimits limits) {
        if (w < 1 || h < 1) {
            throw new InvalidImageException("image " + file + " declares an empty size " + w + "x" + h);
        }
        if (w * h > limits.maxPixels()) {
            throw new InvalidImageException("image " + file + " declares " + w + "x" + h + " pixels, more than the "
                    + "limit of " + limits.maxPixels() + " (system property mobilenet4j.maxImagePixels)");
        }
    }

    /** Refuses an image whose decode needs more than the memory limit ({@code need} bytes estimated). */
    static void checkMemory(Object file, long w, long h, long need, ImageLimits limits) {
        if (need > limits.maxBytes()) {
            throw new InvalidImageException("image " + file + " (" + w + "x" + h + ") needs about " + mb(need)
                    + " MB to decode, more than the limit of " + mb(limits.maxBytes()) + " MB (system property "
                    + "mobilenet4j.maxImageBytes, default half the maximum heap)");
        }
    }

    /** Refuses a JPEG of more scans, or more scans x pixels, than the limits (counted by {@link JpegScans}). */
    static void checkScans(Object file, long scans, long w, long h, ImageLimits limits) {
        if (scans > limits.maxJpegScans()) {
            throw new InvalidImageException("JPEG " + file + " has more than " + limits.maxJpegScans()
                    + " scans (system property mobilenet4j.maxJpegScans): each costs a pass over the whole image");
        }
        if (scans * w * h > limits.maxJpegScanPixels()) {
            throw new InvalidImageException("JPEG " + file + " has " + scans + " scans of " + w + "x" + h + " pixels, "
                    + "more scan work than the limit of " + limits.maxJpegScanPixels()
                    + " scan pixels (system property mobilenet4j.maxJpegScanPixels)");
        }
    }

    /** Reserves {@code need} bytes of the decoding pool (waits for other decodes); returns the permits to release. */
    static int reserve(Object file, long need) {
        Pool p = pool();
        int permits = permits(Math.min(need, p.bytes()));
        try {
            if (!p.permits().tryAcquire(permits, 10, TimeUnit.MINUTES)) {
                throw new InvalidImageException("image " + file + " waited 10 minutes for " + mb(need)
                        + " MB of decoding memory held by other decodes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidImageException("decoding of image " + file + " interrupted", e);
        }
        return permits;
    }

    static void release(int permits) {
        pool().permits().release(permits);
    }

    /** The source subsampling step for a reduced-size decode, 1 for a full decode. */
    static int subsampling(long w, long h, int reduceToSide) {
        if (reduceToSide <= 0) {
            return 1;
        }
        long s = Math.min(w, h) / ((long) REDUCE_KEEP * reduceToSide);
        return (int) Math.max(1, Math.min(s, 64));
    }

    /** Bytes per pixel of the raster the reader will decode into (16-bit samples and alpha counted); 4 if unknown. */
    private static int rasterBytesPerPixel(ImageReader reader, int jpegChannels) throws IOException {
        if (jpegChannels == 4) {
            return 4;
        }
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (types == null || !types.hasNext()) {
            return 4;
        }
        SampleModel sm = types.next().getSampleModel(1, 1);
        int bytes = sm.getNumDataElements() * DataBuffer.getDataTypeSize(sm.getDataType()) / 8;
        return Math.max(1, bytes);
    }

    static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
