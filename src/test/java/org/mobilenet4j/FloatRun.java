package org.mobilenet4j;

import java.nio.ByteBuffer;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Graph;

/** Runs an executable on one float input and returns its first output as floats. */
public final class FloatRun {
    private FloatRun() {
    }

    public static float[] run(Executable exe, float[] input) {
        Graph g = exe.graph();
        ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
        in.asFloatBuffer().put(input);
        ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
        exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
        float[] result = new float[(int) g.outputType(0).elementCount()];
        out.asFloatBuffer().get(result);
        return result;
    }
}
