package org.mobilenet4j.bench;

import java.nio.ByteBuffer;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Graph;

/** mobilenet4j on one of its backends, with direct native-order buffers allocated once. */
final class Mobilenet4jEngine implements Engine {
    private final String name;
    private final Executable exe;
    private final ByteBuffer[] in;
    private final ByteBuffer[] out;

    Mobilenet4jEngine(Graph g, String backend, int threads) {
        this(g, backend, threads, "mobilenet4j-" + backend);
    }

    Mobilenet4jEngine(Graph g, String backend, int threads, String name) {
        this.name = name;
        this.exe = Backends.byName(backend).compile(g, new BackendOptions(threads));
        this.in = new ByteBuffer[] {TensorBuffers.allocate(g.inputType(0))};
        this.out = new ByteBuffer[] {TensorBuffers.allocate(exe.graph().outputType(0))};
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setInput(float[] nhwc) {
        in[0].clear();
        EngineData.put(in[0], nhwc, exe.graph().inputType(0).dataType().isQuantized8());
    }

    @Override
    public void run() {
        exe.run(in, out);
    }

    @Override
    public float[] output() {
        return EngineData.get(out[0].duplicate().order(out[0].order()), exe.graph().outputType(0).dataType());
    }

    @Override
    public void close() {
        exe.close();
    }
}
