package org.mobilenet4j.backend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mobilenet4j.graph.TensorType;

/** Direct, native-order buffers sized for tensors: the form every backend takes and returns. */
public final class TensorBuffers {
    private TensorBuffers() {
    }

    public static ByteBuffer allocate(TensorType type) {
        return ByteBuffer.allocateDirect(Math.toIntExact(type.byteSize())).order(ByteOrder.nativeOrder());
    }
}
