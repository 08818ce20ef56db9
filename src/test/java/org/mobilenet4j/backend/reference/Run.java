package org.mobilenet4j.backend.reference;

import java.nio.ByteBuffer;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Graph;

/** Runs a float graph with one input on the reference backend and returns its first output. */
final class Run {
    private Run() {
    }

    static float[] floats(Graph g, float[] input) {
        try (Executable exe = new ReferenceBackend().compile(g, BackendOptions.defaults())) {
            ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
            in.asFloatBuffer().put(input);
            ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
            exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
            float[] result = new float[(int) g.outputType(0).elementCount()];
            out.asFloatBuffer().get(result);
            return result;
        }
    }

    static float[] iota(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }
}
