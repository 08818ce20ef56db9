package org.mobilenet4j.backend.xnnpack;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.StdString;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP binding of native/mobilenet4j_xnnpack.h. The JNI library links XNNPACK and pthreadpool statically
 * (built from pinned sources by ./cppbuild.sh); the platform jar carries it and libcpuinfo.so.0 beside it,
 * which {@link Loader} extracts and loads first (the JNI library's rpath is $ORIGIN), so the target needs no
 * XNNPACK installed. On Android cpuinfo is linked statically too.
 */
@Properties({
    @Platform(
        value = {"linux-x86_64", "linux-arm64", "linux-armhf"},
        compiler = "cpp11",
        include = "mobilenet4j_xnnpack.h",
        // JavaCPP passes these to the linker last first. The static archives are named as files (-l:libX.a), so
        // neither the linker nor JavaCPP's copyLibs can pick up a system's shared XNNPACK instead.
        link = {"cpuinfo@.0", ":libpthreadpool.a", ":libmicrokernels-prod.a", ":libXNNPACK.a"},
        preload = {"cpuinfo@.0"}),
    // Android: everything static, built by ./cppbuild.sh android-arm64 (needs ANDROID_NDK)
    @Platform(
        value = "android-arm64",
        compiler = "cpp11",
        include = "mobilenet4j_xnnpack.h",
        link = {"log", ":libcpuinfo.a", ":libpthreadpool.a", ":libmicrokernels-prod.a", ":libXNNPACK.a"})
})
@Namespace("mobilenet4j")
public final class XnnpackNative {
    static {
        Loader.load();
    }

    private XnnpackNative() {
    }

    /** Loads the native libraries; throws UnsatisfiedLinkError (or another Error) if this platform has none. */
    public static void load() {
        Loader.load(XnnpackNative.class);
    }

    /** The instruction sets XNNPACK's kernel dispatch sees, as cpuinfo reports them ("arm64: neon neon-fma ..."). */
    @Name("IsaReport")
    public static native @StdString String isaReport();

    /** The native sources built in, one "name version" per line (XNNPACK, pthreadpool, cpuinfo, platform). */
    @Name("NativeVersions")
    public static native @StdString String nativeVersions();

    /** Tensor and node descriptions plus the constant data they own. Read-only once built. */
    public static final class NativeModel extends Pointer {
        static {
            Loader.load(XnnpackNative.class);
        }

        public NativeModel(int tensorCount) {
            allocate(tensorCount);
        }

        private native void allocate(int tensorCount);

        public native void setTensor(int id, int datatype, @Cast("const long long*") long[] dims, int rank,
                                     float scale, int zeroPoint, @Cast("const void*") ByteBuffer data, long bytes,
                                     int flags);

        public native void setChannelScales(int id, @Const float[] scales, int count, int channelDim);

        public native void addNode(int op, @Const int[] inputs, int inputCount, int output, @Const int[] iparams,
                                   int iparamCount, @Const float[] fparams, int fparamCount, String name);

        public native int tensorCount();

        public native int nodeCount();
    }

    /** An XNNPACK runtime over a model, with its own thread pool. One caller at a time. */
    public static final class NativeRuntime extends Pointer {
        static {
            Loader.load(XnnpackNative.class);
        }

        public NativeRuntime(@Const NativeModel model, int threads) {
            allocate(model, threads);
        }

        private native void allocate(@Const NativeModel model, int threads);

        public native void bind(int id, @Cast("void*") ByteBuffer data);

        public native void invoke();

        public native int floatFallbacks();
    }
}
