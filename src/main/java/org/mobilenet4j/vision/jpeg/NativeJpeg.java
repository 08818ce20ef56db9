package org.mobilenet4j.vision.jpeg;

import java.nio.ByteBuffer;
import org.mobilenet4j.natives.NativeProbe;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;

/**
 * JPEG decoding with libjpeg-turbo (SIMD), from a JPEG held in memory into interleaved 8-bit RGB: the decoder
 * {@link org.mobilenet4j.vision.imageio.Images} uses for grey and colour JPEGs when the platform's natives are
 * there (linux-x86_64, linux-arm64, linux-armhf, android-arm64), ImageIO's otherwise. libjpeg's defaults (ISLOW
 * integer IDCT, fancy upsampling) give the pixels the JDK's own decoder (IJG 6b's code) gives.
 *
 * <p>Everything libjpeg reports as an error (corrupt data, a truncated file, an unsupported file, more scans or
 * memory than {@link ImageLimits} allow) becomes an {@link InvalidImageException}; the process never aborts.
 * Four-channel (CMYK / YCCK) JPEGs are not decoded here ({@link Header#rgbDecodable()} is false).
 *
 * <p>The system property {@code mobilenet4j.nativeJpeg=false} turns it off ({@link #available()} is then false),
 * read at each call. Thread-safe: no shared state.
 */
public final class NativeJpeg {
    private static final String LOAD_ERROR = new NativeProbe(JpegNative::load, JpegNative::version,
            Throwable::toString, "bound to another class loader of this JVM: ").reasonUnavailable();

    private NativeJpeg() {
    }

    /** True when the natives loaded and {@code mobilenet4j.nativeJpeg} is not {@code false}. */
    public static boolean available() {
        return LOAD_ERROR == null && !"false".equalsIgnoreCase(System.getProperty("mobilenet4j.nativeJpeg"));
    }

    /** Why {@link #available()} is false, or null when it is true. */
    public static String unavailableReason() {
        if (LOAD_ERROR != null) {
            return "no native JPEG decoder for this platform: " + LOAD_ERROR;
        }
        return available() ? null : "turned off (mobilenet4j.nativeJpeg=false)";
    }

    /** The library built in ("libjpeg-turbo 2.1.5"), or null when not {@link #available()}. */
    public static String version() {
        return LOAD_ERROR == null ? JpegNative.version() : null;
    }

    /** True when {@code data} (from its position) starts with a JPEG's start-of-image marker. */
    public static boolean isJpeg(ByteBuffer data) {
        int p = data.position();
        return data.remaining() >= 3 && data.get(p) == (byte) 0xFF && data.get(p + 1) == (byte) 0xD8
                && data.get(p + 2) == (byte) 0xFF;
    }

    /**
     * A JPEG's header.
     *
     * @param components  colour components (1 grey, 3 YCbCr or RGB, 4 CMYK or YCCK)
     * @param progressive progressive (several scans, each a pass over the whole image)
     */
    public record Header(int width, int height, int components, boolean progressive) {
        /** True when {@link #decodeRgb} takes it: grey or three components. */
        public boolean rgbDecodable() {
            return components == 1 || components == 3;
        }

        /** Bytes of the RGB output at 1/{@code scaleDenom} of the size (libjpeg rounds each side up). */
        public long rgbBytes(int scaleDenom) {
            return 3L * outSide(width, scaleDenom) * outSide(height, scaleDenom);
        }
    }

    /** The decoded side of a {@code side}-pixel image at 1/{@code scaleDenom}: rounded up, as libjpeg does. */
    public static int outSide(int side, int scaleDenom) {
        return (int) (((long) side + scaleDenom - 1) / scaleDenom);
    }

    /**
     * Reads the header of the JPEG in {@code data} (direct, from its position to its limit) without decoding
     * pixels. {@code name} names the image in messages.
     */
    public static Header header(ByteBuffer data, String name) {
        int[] info = run(data, name, null, 1, null);
        return new Header(info[JpegNative.WIDTH], info[JpegNative.HEIGHT], info[JpegNative.COMPONENTS],
                info[JpegNative.PROGRESSIVE] != 0);
    }

    /**
     * Decodes the grey or colour JPEG in {@code data} (direct, position to limit) into {@code out} (direct, from
     * position 0, at least {@link Header#rgbBytes} bytes): interleaved R, G, B rows at 1/{@code scaleDenom} of the
     * size (1, 2, 4 or 8; libjpeg's DCT scaling), within the scan and memory limits. Returns the decoded
     * width and height.
     */
    public static int[] decodeRgb(ByteBuffer data, String name, int scaleDenom, ImageLimits limits, ByteBuffer out) {
        if (!out.isDirect()) {
            throw new IllegalArgumentException("the output buffer must be direct");
        }
        int[] info = run(data, name, out, scaleDenom, limits);
        return new int[] {info[JpegNative.OUT_WIDTH], info[JpegNative.OUT_HEIGHT]};
    }

    private static int[] run(ByteBuffer data, String name, ByteBuffer out, int scaleDenom, ImageLimits limits) {
        if (LOAD_ERROR != null) {
            throw new IllegalStateException(unavailableReason());
        }
        if (!data.isDirect()) {
            throw new IllegalArgumentException("the JPEG data must be in a direct buffer");
        }
        ByteBuffer in = data.slice(); // position 0 for the native side
        int[] info = new int[JpegNative.INFO_LENGTH];
        try {
            if (out == null) {
                JpegNative.readHeader(in, in.remaining(), info);
            } else {
                JpegNative.decodeRgb(in, in.remaining(), scaleDenom, limits.maxJpegScans(),
                        limits.maxJpegScanPixels(), limits.maxBytes(), out.duplicate().clear(), out.capacity(), info);
            }
        } catch (RuntimeException e) { // libjpeg's message, thrown by the native side
            throw new InvalidImageException("cannot decode image " + name + ": " + e.getMessage()
                    + limitHint(e.getMessage()), e);
        }
        return info;
    }

    /** Names the system property behind a limit the native side enforced. */
    private static String limitHint(String message) {
        if (message == null) {
            return "";
        }
        if (message.startsWith("more than") && message.endsWith("scans")) {
            return " (system property mobilenet4j.maxJpegScans): each costs a pass over the whole image";
        }
        if (message.contains("scan pixels")) {
            return " (system property mobilenet4j.maxJpegScanPixels)";
        }
        if (message.contains("Backing store") || message.contains("memory")) {
            return " (system property mobilenet4j.maxImageBytes)";
        }
        return "";
    }
}
