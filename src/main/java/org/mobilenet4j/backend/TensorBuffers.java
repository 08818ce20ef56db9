package org.mobilenet4j.backend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mobilenet4j.graph.TensorType;

/**
 * Direct, native-order buffers sized for tensors: the form every backend takes and returns. Each has
 * {@link #PADDING} spare bytes past its limit, which XNNPACK may read (never write) beyond an input, so
 * such buffers are passed to native code without a copy.
 */
public final class TensorBuffers {
    /** XNNPACK's XNN_EXTRA_BYTES. */
    public static final int PADDING = 16;

    private TensorBuffers() {
    }

    public static ByteBuffer allocate(TensorType type) {
        int size = Math.toIntExact(type.byteSize());
        ByteBuffer b = ByteBuffer.allocateDirect(size + PADDING).order(ByteOrder.nativeOrder());
        b.limit(size);
        return b;
    }
}
