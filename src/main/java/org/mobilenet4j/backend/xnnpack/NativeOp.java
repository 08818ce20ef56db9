package org.mobilenet4j.backend.xnnpack;

/**
 * The native op codes, datatypes and tensor flags, read at class initialization from the enums of
 * native/mobilenet4j_ops.h (through {@link XnnpackNative}'s @MemberGetter mappings): the header is their one
 * definition, no number is written here.
 */
final class NativeOp {
    static final int CONV_2D = XnnpackNative.kConv2d();
    static final int DEPTHWISE_CONV_2D = XnnpackNative.kDepthwiseConv2d();
    static final int FULLY_CONNECTED = XnnpackNative.kFullyConnected();
    static final int AVERAGE_POOL_2D = XnnpackNative.kAveragePool2d();
    static final int GLOBAL_AVERAGE_POOL = XnnpackNative.kGlobalAveragePool();
    static final int ADD = XnnpackNative.kAdd();
    static final int MUL = XnnpackNative.kMul();
    static final int CLAMP = XnnpackNative.kClamp();
    static final int HARD_SWISH = XnnpackNative.kHardSwish();
    static final int HARD_SIGMOID = XnnpackNative.kHardSigmoid();
    static final int SIGMOID = XnnpackNative.kSigmoid();
    static final int RESHAPE = XnnpackNative.kReshape();
    static final int SOFTMAX = XnnpackNative.kSoftmax();
    static final int CONVERT = XnnpackNative.kConvert();

    /** xnn_datatype values, as the header names them. */
    static final int FP32 = XnnpackNative.kFloat32();
    static final int QINT8 = XnnpackNative.kQint8();
    static final int QUINT8 = XnnpackNative.kQuint8();
    static final int QINT32 = XnnpackNative.kQint32();
    static final int QCINT8 = XnnpackNative.kQcint8();
    static final int QCINT32 = XnnpackNative.kQcint32();

    static final int EXTERNAL_INPUT = XnnpackNative.kExternalInput();
    static final int EXTERNAL_OUTPUT = XnnpackNative.kExternalOutput();

    private NativeOp() {
    }
}
