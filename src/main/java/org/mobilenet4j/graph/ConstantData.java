package org.mobilenet4j.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes of a constant tensor (weights, biases), little-endian as in TFLite files. The buffer is
 * shared and read-only; accessors copy into Java arrays for kernels that want them.
 */
public final class ConstantData {
    private final ByteBuffer bytes;

    public ConstantData(ByteBuffer bytes) {
        this.bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static ConstantData ofFloats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new ConstantData(b);
    }

    /** A read-only little-endian view of the bytes, positioned at 0. */
    public ByteBuffer bytes() {
        return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public int byteSize() {
        return bytes.remaining();
    }

    public float[] toFloatArray() {
        float[] out = new float[bytes.remaining() / 4];
        bytes().asFloatBuffer().get(out);
        return out;
    }

    /** Integer values by element type: uint8 as 0..255, int8 as -128..127, int32 as is. */
    public int[] toIntArray(DataType type) {
        ByteBuffer b = bytes();
        switch (type) {
            case UINT8: {
                int[] out = new int[b.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i) & 0xff;
                }
                return out;
            }
            case INT8: {
                int[] out = new int[b.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
                return out;
            }
            case INT32: {
                int[] out = new int[b.remaining() / 4];
                b.asIntBuffer().get(out);
                return out;
            }
            default:
                throw new IllegalArgumentException("not an integer type: " + type);
        }
    }
}
