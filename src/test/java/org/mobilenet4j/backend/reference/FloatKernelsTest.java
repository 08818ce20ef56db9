package org.mobilenet4j.backend.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.TensorType;

/** Float reference kernels against cases computed by hand (exact: small integers, tolerance 0). */
class FloatKernelsTest {

    /** 1-channel 3x3 all-ones filter summing its window; bias 0. */
    private static Graph boxConv(int h, int w, int stride, Padding padding) {
        GraphBuilder g = new GraphBuilder("box");
        int x = g.input("x", TensorType.float32(1, h, w, 1));
        int f = g.constant("f", new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 3, 3, 1);
        int b = g.constant("b", new float[] {0}, 1);
        g.output(g.conv2d("conv", x, f, b, stride, padding, Activation.NONE));
        return g.build();
    }

    @Test
    void sameStride2EvenInputPadsOnlyAfter() {
        // 4x4 input 1..16, SAME stride 2, 3x3: out 2x2; total pad = (2-1)*2+3-4 = 1 -> 0 before, 1 after.
        // Windows start at rows/cols 0 and 2.
        float[] y = Run.floats(boxConv(4, 4, 2, Padding.SAME), Run.iota(16));
        // (0,0): rows 0-2, cols 0-2: 1+2+3+5+6+7+9+10+11 = 54
        // (0,1): rows 0-2, cols 2-3 (+pad): 3+4+7+8+11+12 = 45
        // (1,0): rows 2-3, cols 0-2: 9+10+11+13+14+15 = 72
        // (1,1): rows 2-3, cols 2-3: 11+12+15+16 = 54
        assertArrayEquals(new float[] {54, 45, 72, 54}, y, 0f);
    }

    @Test
    void sameStride2OddInputPadsBothSides() {
        // 5x5 input 1..25, SAME stride 2: out 3x3; total pad = (3-1)*2+3-5 = 2 -> 1 before, 1 after.
        float[] y = Run.floats(boxConv(5, 5, 2, Padding.SAME), Run.iota(25));
        // (0,0): rows 0-1, cols 0-1: 1+2+6+7 = 16;  (0,1): rows 0-1, cols 1-3: 2+3+4+7+8+9 = 33
        // (1,1): rows 1-3, cols 1-3: 7+8+9+12+13+14+17+18+19 = 117; (2,2): rows 3-4, cols 3-4: 19+20+24+25 = 88
        assertEquals(9, y.length);
        assertEquals(16, y[0], 0f);
        assertEquals(33, y[1], 0f);
        assertEquals(117, y[4], 0f);
        assertEquals(88, y[8], 0f);
    }

    @Test
    void validStride1() {
        float[] y = Run.floats(boxConv(4, 4, 1, Padding.VALID), Run.iota(16));
        // windows at (0,0),(0,1),(1,0),(1,1): 54, 63, 90, 99
        assertArrayEquals(new float[] {54, 63, 90, 99}, y, 0f);
    }

    @Test
    void convMixesChannelsWithBiasAndRelu6() {
        GraphBuilder g = new GraphBuilder("pw");
        int x = g.input("x", TensorType.float32(1, 1, 2, 2));
        // filter [O=2, 1, 1, I=2]: o0 = x0 + 2 x1, o1 = -x0 + x1
        int f = g.constant("f", new float[] {1, 2, -1, 1}, 2, 1, 1, 2);
        int b = g.constant("b", new float[] {0.5f, 0}, 2);
        g.output(g.conv2d("conv", x, f, b, 1, Padding.SAME, Activation.RELU6));
        // pixel 0: (1, 2) -> 5.5 -> 5.5, 1; pixel 1: (3, 4) -> 11.5 -> 6, 1
        assertArrayEquals(new float[] {5.5f, 1, 6, 1}, Run.floats(g.build(), new float[] {1, 2, 3, 4}), 0f);
    }

    @Test
    void depthwiseKeepsChannelsApart() {
        GraphBuilder g = new GraphBuilder("dw");
        int x = g.input("x", TensorType.float32(1, 2, 2, 2));
        // 2x2 filter, channel 0 weights 1, channel 1 weights 10: [1, 2, 2, 2] laid out (ky, kx, c)
        int f = g.constant("f", new float[] {1, 10, 1, 10, 1, 10, 1, 10}, 1, 2, 2, 2);
        int b = g.constant("b", new float[] {0, 1}, 2);
        g.output(g.depthwiseConv2d("dw", x, f, b, 1, Padding.VALID, Activation.NONE));
        // channel 0 values 1,3,5,7 -> 16; channel 1 values 2,4,6,8 -> 200 + 1
        assertArrayEquals(new float[] {16, 201}, Run.floats(g.build(), Run.iota(8)), 0f);
    }

    @Test
    void fullyConnectedAndSoftmax() {
        GraphBuilder g = new GraphBuilder("fc");
        int x = g.input("x", TensorType.float32(1, 3));
        int f = g.constant("f", new float[] {1, 0, 0, 0, 1, 0, 1, 1, 1}, 3, 3);
        int b = g.constant("b", new float[] {0, 0, -6}, 3);
        int y = g.fullyConnected("fc", x, f, b, Activation.NONE);
        g.output(g.softmax("softmax", y));
        // logits: 1, 2, 0 -> softmax
        float[] p = Run.floats(g.build(), new float[] {1, 2, 3});
        double z = Math.exp(1) + Math.exp(2) + Math.exp(0);
        assertArrayEquals(new float[] {(float) (Math.exp(1) / z), (float) (Math.exp(2) / z), (float) (1 / z)}, p, 1e-7f);
    }

    @Test
    void globalAveragePoolAndBroadcastMul() {
        GraphBuilder g = new GraphBuilder("se");
        int x = g.input("x", TensorType.float32(1, 2, 2, 2));
        int s = g.globalAveragePool("pool", x);
        g.output(g.mul("scale", x, s));
        // channel means: (1+3+5+7)/4 = 4, (2+4+6+8)/4 = 5
        assertArrayEquals(new float[] {4, 10, 12, 20, 20, 30, 28, 40}, Run.floats(g.build(), Run.iota(8)), 0f);
    }

    @Test
    void hardSwishHardSigmoidAndAdd() {
        GraphBuilder g = new GraphBuilder("act");
        int x = g.input("x", TensorType.float32(1, 4));
        int hs = g.unary("hswish", new Op.HardSwish(), x);
        int hsig = g.unary("hsigmoid", new Op.HardSigmoid(), x);
        g.output(g.add("add", hs, hsig));
        // x = -4, -1, 1, 4: hswish 0, -1/3, 2/3, 4; hsigmoid 0, 1/3, 2/3, 1
        assertArrayEquals(new float[] {0, 0, 4f / 3, 5}, Run.floats(g.build(), new float[] {-4, -1, 1, 4}), 1e-6f);
    }

    @Test
    void averagePoolSameExcludesPadding() {
        GraphBuilder g = new GraphBuilder("avg");
        int x = g.input("x", TensorType.float32(1, 3, 3, 1));
        int y = g.tensor("y", TensorType.float32(1, 2, 2, 1), null);
        g.addNode(new Op.AveragePool2d(2, 2, 2, 2, Padding.SAME, Activation.NONE), new int[] {x}, new int[] {y}, "pool");
        g.output(y);
        // 3x3 1..9, 2x2 windows stride 2, pad 1 after: (1+2+4+5)/4=3, (3+6)/2=4.5, (7+8)/2=7.5, 9
        assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, Run.floats(g.build(), Run.iota(9)), 0f);
    }

    @Test
    void wrongOutputShapeIsRejectedAtCompileTime() {
        GraphBuilder g = new GraphBuilder("bad");
        int x = g.input("x", TensorType.float32(1, 4, 4, 1));
        int f = g.constant("f", new float[9], 1, 3, 3, 1);
        int y = g.tensor("y", TensorType.float32(1, 3, 3, 1), null);
        g.addNode(new Op.Conv2d(2, 2, Padding.SAME, 1, 1, Activation.NONE), new int[] {x, f, -1}, new int[] {y}, "c");
        g.output(y);
        Graph graph = g.build();
        org.mobilenet4j.model.InvalidModelException e = assertThrows(org.mobilenet4j.model.InvalidModelException.class,
                () -> new ReferenceBackend().compile(graph, org.mobilenet4j.backend.BackendOptions.defaults()));
        assertEquals(true, e.getMessage().contains("node 0"), e.getMessage());
    }
}
