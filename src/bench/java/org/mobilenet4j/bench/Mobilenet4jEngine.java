package org.mobilenet4j.bench;

import java.nio.ByteBuffer;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Graph;

/** mobilenet4j on one of its backends, with direct native-order buffers allocated once. */
final class Mobilenet4jEngine implements Engine {
    private final String backend;
    private final Executable exe;
    private final ByteBuffer[] in;
    private final ByteBuffer[] out;

    Mobilenet4jEngine(Graph g, String backend, int threads) {
        this.backend = backend;
        this.exe = Backends.byName(backend).compile(g, new BackendOptions(threads));
        this.in = new ByteBuffer[] {TensorBuffers.allocate(g.inputType(0))};
        this.out = new ByteBuffer[] {TensorBuffers.allocate(exe.graph().outputType(0))};
    }

    @Override
    public String name() {
        return "mobilenet4j-" + backend;
    }

    @Override
    public void setInput(float[] nhwc) {
        in[0].clear();
        in[0].asFloatBuffer().put(nhwc);
    }

    @Override
    public void run() {
        exe.run(in, out);
    }

    @Override
    public float[] output() {
        float[] f = new float[out[0].remaining() / 4];
        out[0].asFloatBuffer().get(f);
        return f;
    }

    @Override
    public void close() {
        exe.close();
    }
}
