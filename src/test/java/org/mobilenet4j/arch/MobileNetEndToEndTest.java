package org.mobilenet4j.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.Graph;

/** Every architecture builds and runs end to end on the reference executor. */
class MobileNetEndToEndTest {

    @ParameterizedTest(name = "{0} alpha {1} rho {2}")
    @CsvSource({"v1, 0.25, 128", "v2, 0.35, 96", "v3-large, 0.75, 128", "v3-small, 1.0, 128",
        "v3-large-min, 1.0, 96", "v3-small-min, 0.75, 160"})
    void runsAndSoftmaxSumsToOne(String arch, double alpha, int resolution) {
        MobileNetSpec spec = new MobileNetSpec(Architecture.fromName(arch), alpha, resolution, 1001);
        Graph g = MobileNetGraphBuilder.build(spec, 1);
        assertArrayEquals(new int[] {1, resolution, resolution, 3}, g.inputType(0).shape());
        assertArrayEquals(new int[] {1, 1001}, g.outputType(0).shape());
        float[] p = new float[1001];
        try (Executable exe = new ReferenceBackend().compile(g, BackendOptions.defaults())) {
            ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
            for (int i = 0; i < resolution * resolution * 3; i++) {
                in.putFloat((float) Math.sin(i * 0.01));
            }
            in.flip();
            ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
            exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
            out.asFloatBuffer().get(p);
        }
        double sum = 0;
        for (float v : p) {
            assertTrue(v >= 0 && v <= 1 && Float.isFinite(v), "probability out of range: " + v);
            sum += v;
        }
        assertEquals(1.0, sum, 1e-4);
    }
}
