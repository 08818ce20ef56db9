package org.mobilenet4j.graph;

/** Element types a tensor can hold. Quantized types carry a {@link Quantization}. */
public enum DataType {
    FLOAT32(4),
    /** Unsigned 8-bit, asymmetric per-tensor quantization (TF1 "quant" models). */
    UINT8(1),
    /** Signed 8-bit, per-channel or per-tensor quantization (TF2 post-training quantization). */
    INT8(1),
    /** 32-bit integer; biases of quantized convolutions. */
    INT32(4);

    private final int byteSize;

    DataType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    /** Smallest representable value for 8-bit types. */
    public int qmin() {
        switch (this) {
            case UINT8: return 0;
            case INT8: return -128;
            default: throw new IllegalStateException(this + " has no quantized range");
        }
    }

    /** Largest representable value for 8-bit types. */
    public int qmax() {
        switch (this) {
            case UINT8: return 255;
            case INT8: return 127;
            default: throw new IllegalStateException(this + " has no quantized range");
        }
    }

    public boolean isQuantized8() {
        return this == UINT8 || this == INT8;
    }
}
