package org.mobilenet4j.backend.reference;

import java.nio.ByteBuffer;
import org.mobilenet4j.graph.TensorType;

/** Copies raw tensors between caller buffers and the reference executor's arrays. */
final class TensorIO {
    private TensorIO() {
    }

    static void read(TensorType type, ByteBuffer src, Values v, int id, String what) {
        int n = (int) type.elementCount();
        check(type, src, what);
        ByteBuffer b = src.duplicate().order(src.order());
        switch (type.dataType()) {
            case FLOAT32: {
                float[] f = new float[n];
                b.asFloatBuffer().get(f);
                v.floats[id] = f;
                break;
            }
            case UINT8: {
                int[] q = new int[n];
                for (int i = 0; i < n; i++) {
                    q[i] = b.get(b.position() + i) & 0xff;
                }
                v.ints[id] = q;
                break;
            }
            case INT8: {
                int[] q = new int[n];
                for (int i = 0; i < n; i++) {
                    q[i] = b.get(b.position() + i);
                }
                v.ints[id] = q;
                break;
            }
            default:
                throw new IllegalArgumentException(what + ": unsupported type " + type);
        }
    }

    static void write(TensorType type, Values v, int id, ByteBuffer dst, String what) {
        check(type, dst, what);
        ByteBuffer b = dst.duplicate().order(dst.order());
        switch (type.dataType()) {
            case FLOAT32:
                b.asFloatBuffer().put(v.floats[id]);
                break;
            case UINT8:
            case INT8: {
                int[] q = v.ints[id];
                int p = b.position();
                for (int i = 0; i < q.length; i++) {
                    b.put(p + i, (byte) q[i]);
                }
                break;
            }
            default:
                throw new IllegalArgumentException(what + ": unsupported type " + type);
        }
    }

    private static void check(TensorType type, ByteBuffer buffer, String what) {
        if (buffer == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (buffer.remaining() < type.byteSize()) {
            throw new IllegalArgumentException(what + " needs " + type.byteSize() + " bytes for " + type + ", buffer has "
                    + buffer.remaining());
        }
    }
}
