package org.mobilenet4j.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.arch.MobileNetSpec;
import org.mobilenet4j.backend.ActivationRanges;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.tflite.TfliteWriter;

/**
 * Post-training int8 quantization of MobileNets built from the layer tables: the graph is int8 with
 * per-channel filters, TFLite's converter's parameter rules hold (graph validation passes, the file round-trips
 * through TfliteWriter and the importer), and the integer logits follow the float ones (correlation above 0.99,
 * error within a few percent of their range) on an input the calibration did not see.
 */
class Int8QuantizerTest {

    @Test
    void v1LogitsFollowTheFloatGraph() {
        checkLogits(MobileNetSpec.of(Architecture.V1, 0.25, 128));
    }

    @Test
    void v2WithResidualAddsLogitsFollowTheFloatGraph() {
        checkLogits(MobileNetSpec.of(Architecture.V2, 0.35, 96));
    }

    @Test
    void filtersArePerChannelInt8AndTheFileRoundTrips() {
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.V1, 0.25, 128), 42);
        Graph q = Int8Quantizer.quantize(g, ActivationRanges.of(g, inputs(128, 2, 7)));
        int perChannel = 0;
        for (Node n : q.nodes()) {
            if (n.op() instanceof Op.Conv2d || n.op() instanceof Op.DepthwiseConv2d) {
                TensorType w = q.tensor(n.input(1)).type();
                assertEquals(DataType.INT8, w.dataType());
                assertEquals(w.dim(n.op() instanceof Op.Conv2d ? 0 : 3), w.quantization().channels(), n.toString());
                assertEquals(DataType.INT32, q.tensor(n.input(2)).type().dataType());
                perChannel++;
            }
        }
        assertEquals(27, perChannel);
        assertEquals(DataType.FLOAT32, q.inputType(0).dataType());
        assertEquals(DataType.FLOAT32, q.outputType(0).dataType());
        GraphValidator.validate(q);
        Graph back = TfliteImporter.read(ByteBuffer.wrap(TfliteWriter.toBytes(q)), "int8");
        assertEquals(q.nodes().size(), back.nodes().size());
        for (int i = 0; i < q.nodes().size(); i++) {
            Node a = q.nodes().get(i);
            Node b = back.nodes().get(i);
            assertEquals(a.op().kind(), b.op().kind());
            assertEquals(q.tensor(a.output(0)).type(), back.tensor(b.output(0)).type(), a.toString());
        }
    }

    @Test
    void refusesAGraphThatIsNotFloat() {
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.V1, 0.25, 128), 42);
        Graph q = Int8Quantizer.quantize(g, ActivationRanges.of(g, inputs(128, 1, 7)));
        assertThrows(IllegalArgumentException.class, () -> Int8Quantizer.quantize(q, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Int8Quantizer.quantize(g, Map.of()));
    }

    private static void checkLogits(MobileNetSpec spec) {
        Graph full = MobileNetGraphBuilder.build(spec, 42);
        int logits = -1;
        for (Node n : full.nodes()) {
            if (n.op() instanceof Op.FullyConnected || n.op() instanceof Op.Conv2d) {
                logits = n.output(0);
            }
        }
        Graph g = full.withOutputs(logits);
        Graph q = Int8Quantizer.quantize(g, ActivationRanges.of(g, inputs(spec.resolution(), 2, 7)));
        float[] x = inputs(spec.resolution(), 1, 99).get(0);
        float[] f = run(g, x);
        float[] i8 = run(q, x);
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        double maxErr = 0;
        for (int k = 0; k < f.length; k++) {
            lo = Math.min(lo, f[k]);
            hi = Math.max(hi, f[k]);
            maxErr = Math.max(maxErr, Math.abs(f[k] - i8[k]));
        }
        double corr = correlation(f, i8);
        assertTrue(corr > 0.99, "correlation " + corr);
        assertTrue(maxErr < 0.1 * (hi - lo), "max error " + maxErr + " over a logit range " + (hi - lo));
    }

    private static float[] run(Graph g, float[] x) {
        try (Executable exe = new ReferenceBackend().compile(g, new BackendOptions(1))) {
            ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
            in.asFloatBuffer().put(x);
            ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
            exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
            float[] y = new float[out.remaining() / 4];
            out.asFloatBuffer().get(y);
            return y;
        }
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static List<float[]> inputs(int resolution, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<float[]> list = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            float[] x = new float[resolution * resolution * 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            list.add(x);
        }
        return list;
    }
}
