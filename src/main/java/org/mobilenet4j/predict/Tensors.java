package org.mobilenet4j.predict;

import java.nio.ByteBuffer;
import java.util.List;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * The input or the output tensors of one {@link Predictor} call, by position or name: direct, native-order
 * buffers in the graph's types (NHWC). They belong to the predictor's pool and are valid only inside the
 * call that hands them out. Not thread-safe (one caller's tensors).
 */
public final class Tensors {
    private final List<String> names;
    private final TensorType[] types;
    private final ByteBuffer[] buffers;

    Tensors(List<String> names, TensorType[] types) {
        this.names = names;
        this.types = types;
        this.buffers = new ByteBuffer[types.length];
        for (int i = 0; i < types.length; i++) {
            buffers[i] = TensorBuffers.allocate(types[i]);
        }
    }

    public int size() {
        return types.length;
    }

    public String name(int i) {
        return names.get(i);
    }

    public TensorType type(int i) {
        return types[i];
    }

    /** The position of the tensor named {@code name}; {@link IllegalArgumentException} naming the choices if none. */
    public int index(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no tensor '" + name + "' here; tensors: " + names);
        }
        return i;
    }

    /** Tensor {@code i}'s buffer, at position 0 with its byte size as limit. */
    public ByteBuffer buffer(int i) {
        return buffers[i].clear().limit(Math.toIntExact(types[i].byteSize()));
    }

    /**
     * Copies a ready tensor (the remaining bytes of {@code source}, in its own byte order) into tensor
     * {@code i}; float32 values in the other byte order are converted.
     */
    public void put(int i, ByteBuffer source) {
        ByteBuffer b = buffer(i);
        if (source.order() == b.order() || types[i].dataType().byteSize() == 1) {
            b.put(source.duplicate());
        } else {
            b.asFloatBuffer().put(source.duplicate().asFloatBuffer());
        }
    }

    /** Tensor {@code i} as floats: float32 as is, uint8 / int8 dequantized with its (per-tensor) parameters. */
    public float[] floats(int i) {
        TensorType t = types[i];
        ByteBuffer b = buffers[i];
        int n = Math.toIntExact(t.elementCount());
        float[] f = new float[n];
        Quantization q = t.quantization();
        switch (t.dataType()) {
            case FLOAT32:
                for (int k = 0; k < n; k++) {
                    f[k] = b.getFloat(k * 4);
                }
                break;
            case UINT8:
                for (int k = 0; k < n; k++) {
                    f[k] = q.scale() * ((b.get(k) & 0xff) - q.zeroPoint());
                }
                break;
            case INT8:
                for (int k = 0; k < n; k++) {
                    f[k] = q.scale() * (b.get(k) - q.zeroPoint());
                }
                break;
            default:
                throw new IllegalStateException("cannot read " + t + " as floats");
        }
        return f;
    }

    ByteBuffer[] forRun() {
        for (int i = 0; i < buffers.length; i++) {
            buffer(i);
        }
        return buffers;
    }
}
