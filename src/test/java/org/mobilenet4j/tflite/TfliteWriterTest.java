package org.mobilenet4j.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.arch.MobileNetSpec;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphStats;

/** A graph written as .tflite and read back costs and computes the same. */
class TfliteWriterTest {

    @ParameterizedTest(name = "{0} {1}/{2}")
    @CsvSource({"v1, 0.5, 128", "v2, 0.35, 96", "v3-small, 0.75, 96", "v3-large-min, 0.5, 96"})
    void roundTrip(String arch, double alpha, int resolution) {
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.fromName(arch), alpha, resolution), 3);
        Graph back = TfliteImporter.read(ByteBuffer.wrap(TfliteWriter.toBytes(g)), "written");
        assertEquals(GraphStats.of(g).multAdds(), GraphStats.of(back).multAdds());
        float[] a = run(g);
        float[] b = run(back);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-6f, "class " + i);
        }
    }

    private static float[] run(Graph g) {
        try (Executable exe = new ReferenceBackend().compile(g, BackendOptions.defaults())) {
            ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
            for (int i = 0; i < g.inputType(0).elementCount(); i++) {
                in.putFloat((float) Math.sin(i));
            }
            in.flip();
            ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
            exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
            float[] f = new float[(int) g.outputType(0).elementCount()];
            out.asFloatBuffer().get(f);
            return f;
        }
    }
}
