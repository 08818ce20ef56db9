package org.mobilenet4j.bench;

import java.nio.ByteBuffer;
import org.mobilenet4j.graph.DataType;

/**
 * Input and output values of the engines as floats: an 8-bit tensor takes the input values as its raw
 * integers (0..255 or -128..127) and reports its raw integers, so engines on the same quantized file compare
 * step for step.
 */
final class EngineData {
    private EngineData() {
    }

    /** Writes {@code values} from the buffer's position (which stays): as floats, or as 8-bit integers. */
    static void put(ByteBuffer b, float[] values, boolean quantized8) {
        if (quantized8) {
            for (int i = 0; i < values.length; i++) {
                b.put(b.position() + i, (byte) Math.round(values[i]));
            }
        } else {
            b.asFloatBuffer().put(values);
        }
    }

    /** The buffer's remaining elements of {@code type} as floats. */
    static float[] get(ByteBuffer b, DataType type) {
        if (type == DataType.FLOAT32) {
            float[] f = new float[b.remaining() / 4];
            b.asFloatBuffer().get(f);
            return f;
        }
        float[] f = new float[b.remaining()];
        for (int i = 0; i < f.length; i++) {
            f[i] = type == DataType.UINT8 ? b.get(b.position() + i) & 0xff : b.get(b.position() + i);
        }
        return f;
    }
}
