package org.mobilenet4j.backend.xnnpack;

/** Op codes of native/mobilenet4j_xnnpack.h (enum OpCode): keep the two in step. */
final class NativeOp {
    static final int CONV_2D = 1;
    static final int DEPTHWISE_CONV_2D = 2;
    static final int FULLY_CONNECTED = 3;
    static final int AVERAGE_POOL_2D = 4;
    static final int GLOBAL_AVERAGE_POOL = 5;
    static final int ADD = 6;
    static final int MUL = 7;
    static final int CLAMP = 8;
    static final int HARD_SWISH = 9;
    static final int HARD_SIGMOID = 10;
    static final int SIGMOID = 11;
    static final int RESHAPE = 12;
    static final int SOFTMAX = 13;
    static final int CONVERT = 14;

    /** xnn_datatype values. */
    static final int FP32 = 1;
    static final int QINT8 = 3;
    static final int QUINT8 = 4;
    static final int QINT32 = 5;
    static final int QCINT8 = 6;
    static final int QCINT32 = 7;

    static final int EXTERNAL_INPUT = 1;
    static final int EXTERNAL_OUTPUT = 2;

    private NativeOp() {
    }
}
