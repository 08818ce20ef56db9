package org.mobilenet4j.backend.xnnpack;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.StdString;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP binding of native/mobilenet4j_xnnpack.h and native/mobilenet4j_ops.h: the op codes, datatypes and
 * tensor flags are read from the C++ enums ({@link NativeOp} holds them), node and tensor parameters travel as
 * the header's named structs ({@link NodeParams}, {@link TensorParams}), so no number or field order is
 * written twice. The JNI library links XNNPACK and pthreadpool statically
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

    // Constants of native/mobilenet4j_ops.h (enums OpCode, Datatype, TensorFlag), read from the compiled header.
    // enum PatchMode of native/mobilenet4j_patches.h
    @MemberGetter
    static native int kPatchesNever();

    @MemberGetter
    static native int kPatchesAuto();

    @MemberGetter
    static native int kPatchesAlways();

    @MemberGetter
    static native int kConv2d();

    @MemberGetter
    static native int kDepthwiseConv2d();

    @MemberGetter
    static native int kFullyConnected();

    @MemberGetter
    static native int kAveragePool2d();

    @MemberGetter
    static native int kGlobalAveragePool();

    @MemberGetter
    static native int kAdd();

    @MemberGetter
    static native int kMul();

    @MemberGetter
    static native int kClamp();

    @MemberGetter
    static native int kHardSwish();

    @MemberGetter
    static native int kHardSigmoid();

    @MemberGetter
    static native int kSigmoid();

    @MemberGetter
    static native int kReshape();

    @MemberGetter
    static native int kSoftmax();

    @MemberGetter
    static native int kConvert();

    @MemberGetter
    static native int kFloat32();

    @MemberGetter
    static native int kQuint8();

    @MemberGetter
    static native int kQint8();

    @MemberGetter
    static native int kQint32();

    @MemberGetter
    static native int kQcint8();

    @MemberGetter
    static native int kQcint32();

    @MemberGetter
    static native int kExternalInput();

    @MemberGetter
    static native int kExternalOutput();

    /** The name native error messages give op code {@code op} ("unknown op" if none). */
    @Name("OpName")
    static native String opName(int op);

    /** Tensor and node descriptions plus the constant data they own. Read-only once built. */
    public static final class NativeModel extends Pointer {
        static {
            Loader.load(XnnpackNative.class);
        }

        public NativeModel(int tensorCount) {
            allocate(tensorCount);
        }

        private native void allocate(int tensorCount);

        public native void setTensor(int id, @Const @ByRef TensorParams params, @Cast("const long long*") long[] dims,
                                     int rank, @Cast("const void*") ByteBuffer data, long bytes);

        public native void setChannelScales(int id, @Const float[] scales, int count);

        public native void addNode(int op, @Const int[] inputs, int inputCount, int output,
                                   @Const @ByRef NodeParams params, String name);

        /** A {@code PatchMode} code: which 8-bit image inputs runtimes take as patches; before the first runtime. */
        public native void setInputPatches(int mode);

        public native int tensorCount();

        public native int nodeCount();
    }

    /** struct TensorParams: a tensor's datatype, quantization and flags. Fields keep the header's defaults. */
    public static final class TensorParams extends Pointer {
        static {
            Loader.load(XnnpackNative.class);
        }

        public TensorParams() {
            allocate();
        }

        private native void allocate();

        public native int datatype();

        public native TensorParams datatype(int datatype);

        public native float scale();

        public native TensorParams scale(float scale);

        @Name("zero_point")
        public native int zeroPoint();

        @Name("zero_point")
        public native TensorParams zeroPoint(int zeroPoint);

        @Name("channel_dim")
        public native int channelDim();

        @Name("channel_dim")
        public native TensorParams channelDim(int channelDim);

        public native int flags();

        public native TensorParams flags(int flags);
    }

    /**
     * struct NodeParams: a node's parameters by name (padding, kernel, stride, dilation, channel counts,
     * activation range). Fields keep the header's defaults until set.
     */
    public static final class NodeParams extends Pointer {
        static {
            Loader.load(XnnpackNative.class);
        }

        public NodeParams() {
            allocate();
        }

        private native void allocate();

        @Name("padding_top")
        public native int paddingTop();

        @Name("padding_top")
        public native NodeParams paddingTop(int paddingTop);

        @Name("padding_right")
        public native int paddingRight();

        @Name("padding_right")
        public native NodeParams paddingRight(int paddingRight);

        @Name("padding_bottom")
        public native int paddingBottom();

        @Name("padding_bottom")
        public native NodeParams paddingBottom(int paddingBottom);

        @Name("padding_left")
        public native int paddingLeft();

        @Name("padding_left")
        public native NodeParams paddingLeft(int paddingLeft);

        @Name("kernel_height")
        public native int kernelHeight();

        @Name("kernel_height")
        public native NodeParams kernelHeight(int kernelHeight);

        @Name("kernel_width")
        public native int kernelWidth();

        @Name("kernel_width")
        public native NodeParams kernelWidth(int kernelWidth);

        @Name("stride_height")
        public native int strideHeight();

        @Name("stride_height")
        public native NodeParams strideHeight(int strideHeight);

        @Name("stride_width")
        public native int strideWidth();

        @Name("stride_width")
        public native NodeParams strideWidth(int strideWidth);

        @Name("dilation_height")
        public native int dilationHeight();

        @Name("dilation_height")
        public native NodeParams dilationHeight(int dilationHeight);

        @Name("dilation_width")
        public native int dilationWidth();

        @Name("dilation_width")
        public native NodeParams dilationWidth(int dilationWidth);

        public native int groups();

        public native NodeParams groups(int groups);

        @Name("group_input_channels")
        public native int groupInputChannels();

        @Name("group_input_channels")
        public native NodeParams groupInputChannels(int groupInputChannels);

        @Name("group_output_channels")
        public native int groupOutputChannels();

        @Name("group_output_channels")
        public native NodeParams groupOutputChannels(int groupOutputChannels);

        @Name("depth_multiplier")
        public native int depthMultiplier();

        @Name("depth_multiplier")
        public native NodeParams depthMultiplier(int depthMultiplier);

        @Name("input_channels")
        public native int inputChannels();

        @Name("input_channels")
        public native NodeParams inputChannels(int inputChannels);

        @Name("activation_min")
        public native float activationMin();

        @Name("activation_min")
        public native NodeParams activationMin(float activationMin);

        @Name("activation_max")
        public native float activationMax();

        @Name("activation_max")
        public native NodeParams activationMax(float activationMax);
    }

    /** An XNNPACK runtime over a model, with its own thread pool. One caller at a time. */
    public static final class NativeRuntime extends Pointer {
        static {
            Loader.load(XnnpackNative.class);
        }

        /** With {@code profile}, XNNPACK times each operator of every {@link #invoke()}. */
        public NativeRuntime(@Const NativeModel model, int threads, boolean profile) {
            allocate(model, threads, profile);
        }

        private native void allocate(@Const NativeModel model, int threads, @Cast("bool") boolean profile);

        public native void bind(int id, @Cast("void*") ByteBuffer data);

        public native void invoke();

        /** With {@code on}, the thread pool's workers sleep after each inference instead of spinning. */
        public native void yieldWorkers(@Cast("bool") boolean on);

        public native int floatFallbacks();

        /** How many graph inputs this runtime hands to XNNPACK as patches. */
        public native int inputPatches();

        /** The XNNPACK operators, one name per line (profiling runtimes only). */
        public native @StdString String operatorNames();

        /** The microseconds each operator took in the last invoke (profiling runtimes only). */
        public native void operatorMicros(@Cast("long long*") long[] out, int count);
    }
}
