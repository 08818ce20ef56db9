package org.mobilenet4j.vision.jpeg;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.annotation.StdString;

/**
 * JavaCPP binding of native/mobilenet4j_jpeg.h: libjpeg-turbo, linked statically into its own JNI library
 * (built from Debian's pinned source by ./cppbuild.sh, SIMD on). Callers use {@link NativeJpeg}; the buffers
 * passed here must be direct with position 0. Errors come back as {@code RuntimeException}s carrying libjpeg's
 * message. Thread-safe (no shared state).
 */
@Properties({
    @Platform(
        value = {"linux-x86_64", "linux-arm64", "linux-armhf", "android-arm64"},
        compiler = "cpp11",
        include = "mobilenet4j_jpeg.h",
        // named as a file, so a system's shared libjpeg can never be linked instead
        link = ":libjpeg.a")
})
@Namespace("mobilenet4j")
public final class JpegNative {
    /** Indexes of the {@code info} array the functions fill (jpeg_detail::Info). */
    static final int WIDTH = 0;
    static final int HEIGHT = 1;
    static final int COMPONENTS = 2;
    static final int COLOR_SPACE = 3;
    static final int PROGRESSIVE = 4;
    static final int OUT_WIDTH = 5;
    static final int OUT_HEIGHT = 6;
    static final int SCANS = 7;
    static final int INFO_LENGTH = 8;

    static {
        Loader.load();
    }

    private JpegNative() {
    }

    /** Loads the JNI library; throws UnsatisfiedLinkError (or another Error) where this platform has none. */
    static void load() {
        Loader.load(JpegNative.class);
    }

    @Name("JpegReadHeader")
    static native void readHeader(@Cast("const void*") ByteBuffer data, long size, int[] info);

    @Name("JpegDecodeRgb")
    static native void decodeRgb(@Cast("const void*") ByteBuffer data, long size, int scaleDenom, int maxScans,
                                 long maxScanPixels, long maxMemory, @Cast("void*") ByteBuffer out, long capacity,
                                 int[] info);

    @Name("JpegVersion")
    static native @StdString String version();
}
