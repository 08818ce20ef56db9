package org.mobilenet4j.backend.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.ConstantData;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * int8 per-channel convolutions (TF2 post-training quantization: symmetric per-output-channel weights,
 * int32 biases at input scale x weight scale) against the float kernels on the same real values: the
 * dequantized int8 output must be within 1.5 output steps of the float output, on both backends.
 */
class Int8PerChannelTest {

    private static final int H = 7;
    private static final int C = 4;
    private static final int O = 6;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"conv, reference", "depthwise, reference", "conv, xnnpack", "depthwise, xnnpack"})
    void matchesFloat(String kind, String backend) {
        SplittableRandom r = new SplittableRandom(11);
        boolean dw = kind.equals("depthwise");
        int outC = dw ? C : O;
        int k = 3;
        float[] w = new float[dw ? k * k * C : O * k * k * C];
        float[] bias = new float[outC];
        for (int i = 0; i < w.length; i++) {
            // channel-dependent magnitudes make per-channel scales matter
            int c = dw ? i % C : i / (k * k * C);
            w[i] = (float) ((r.nextDouble() * 2 - 1) * (0.1 + c));
        }
        for (int i = 0; i < outC; i++) {
            bias[i] = (float) (r.nextDouble() - 0.5);
        }
        float[] x = new float[H * H * C];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 2);
        }
        float inScale = 4f / 255;
        int inZp = -1;
        // feed the float graph the int8 grid values, so only the kernels' arithmetic differs
        byte[] qx = new byte[x.length];
        float[] xGrid = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int q = Math.max(-128, Math.min(127, Math.round(x[i] / inScale) + inZp));
            qx[i] = (byte) q;
            xGrid[i] = inScale * (q - inZp);
        }
        // per-channel weights, then their grid values for the float graph too
        float[] wScale = new float[outC];
        int per = w.length / outC;
        for (int i = 0; i < w.length; i++) {
            int c = dw ? i % C : i / per;
            wScale[c] = Math.max(wScale[c], Math.abs(w[i]) / 127f);
        }
        byte[] qw = new byte[w.length];
        float[] wGrid = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            int c = dw ? i % C : i / per;
            qw[i] = (byte) Math.round(w[i] / wScale[c]);
            wGrid[i] = wScale[c] * qw[i];
        }
        int[] qb = new int[outC];
        float[] bGrid = new float[outC];
        for (int c = 0; c < outC; c++) {
            qb[c] = Math.round(bias[c] / (inScale * wScale[c]));
            bGrid[c] = qb[c] * inScale * wScale[c];
        }
        GraphBuilder gf = new GraphBuilder("float");
        int gx = gf.input("x", TensorType.float32(1, H, H, C));
        int gw = gf.constant("w", wGrid, dw ? new int[] {1, k, k, C} : new int[] {O, k, k, C});
        int gbias = gf.constant("b", bGrid, outC);
        int gy = dw ? gf.depthwiseConv2d("y", gx, gw, gbias, 2, Padding.SAME, Activation.RELU6)
                : gf.conv2d("y", gx, gw, gbias, 2, Padding.SAME, Activation.RELU6);
        gf.output(gy);
        float[] expected = Run.floats(gf.build(), xGrid);

        float outScale = 6f / 255;
        int outZp = -128;
        GraphBuilder q = new GraphBuilder("int8");
        int qxId = q.input("x", new TensorType(new int[] {1, H, H, C}, DataType.INT8, Quantization.perTensor(inScale, inZp)));
        long[] zeros = new long[outC];
        int axis = dw ? 3 : 0;
        int qwId = q.tensor("w", new TensorType(dw ? new int[] {1, k, k, C} : new int[] {O, k, k, C}, DataType.INT8,
                new Quantization(wScale, zeros, axis)), new ConstantData(ByteBuffer.wrap(qw)));
        float[] bScale = new float[outC];
        for (int c = 0; c < outC; c++) {
            bScale[c] = inScale * wScale[c];
        }
        ByteBuffer bb = ByteBuffer.allocate(outC * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asIntBuffer().put(qb);
        int qbId = q.tensor("b", new TensorType(new int[] {outC}, DataType.INT32, new Quantization(bScale, zeros, 0)),
                new ConstantData(bb));
        int out = (H + 1) / 2;
        int qy = q.tensor("y", new TensorType(new int[] {1, out, out, outC}, DataType.INT8,
                Quantization.perTensor(outScale, outZp)), null);
        Op op = dw ? new Op.DepthwiseConv2d(2, 2, Padding.SAME, 1, 1, 1, Activation.RELU6)
                : new Op.Conv2d(2, 2, Padding.SAME, 1, 1, Activation.RELU6);
        q.addNode(op, new int[] {qxId, qwId, qbId}, new int[] {qy}, "y");
        q.output(qy);
        Graph g = q.build();
        try (Executable exe = Backends.byName(backend).compile(g, BackendOptions.defaults())) {
            ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
            in.put(qx).flip();
            ByteBuffer o = TensorBuffers.allocate(g.outputType(0));
            exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {o});
            for (int i = 0; i < expected.length; i++) {
                float got = outScale * (o.get(i) - outZp);
                assertEquals(expected[i], got, 1.5f * outScale, "element " + i);
            }
        }
    }
}
