package org.mobilenet4j.backend;

import java.nio.ByteBuffer;
import org.mobilenet4j.graph.Graph;

/**
 * A compiled graph. Inputs and outputs are raw tensors in the graph's types (float32 or 8-bit integers,
 * NHWC), read and written in each buffer's own byte order from its position; allocate them with
 * {@code ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder())}. {@link #close()} is idempotent and
 * waits for calls already running; {@link #run} and {@link #graph()} after close throw
 * {@link IllegalStateException}. Implementations say whether run is thread-safe.
 */
public interface Executable extends AutoCloseable {

    Graph graph();

    void run(ByteBuffer[] inputs, ByteBuffer[] outputs);

    @Override
    void close();
}
