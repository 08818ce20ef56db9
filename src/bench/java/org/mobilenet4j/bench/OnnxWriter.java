package org.mobilenet4j.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.Tensor;
import org.mobilenet4j.graph.TensorType;

/**
 * Writes a float32 MobileNet {@link Graph} as an equivalent ONNX model (opset 14, NCHW as ONNX Runtime's CPU
 * provider expects): the same weights, transposed from the graph's NHWC layouts. Input [1, 3, H, W], output
 * [1, classes]. Enough for the benchmark comparison: Conv (groups for depthwise), Gemm, GlobalAveragePool,
 * Add, Mul, Relu/Clip, HardSwish, HardSigmoid, Reshape of 1x1 maps, Softmax.
 */
final class OnnxWriter {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private final Graph g;
    private final Protobuf graph = new Protobuf();
    private int extra;

    private OnnxWriter(Graph g) {
        this.g = g;
    }

    static byte[] toBytes(Graph g) {
        return new OnnxWriter(g).build();
    }

    private String name(int tensor) {
        return "t" + tensor;
    }

    private byte[] build() {
        for (Node n : g.nodes()) {
            node(n);
        }
        TensorType in = g.inputType(0);
        graph.message(11, valueInfo(name(g.inputs()[0]), new long[] {in.dim(0), in.dim(3), in.dim(1), in.dim(2)}));
        TensorType out = g.outputType(0);
        graph.message(12, valueInfo(name(g.outputs()[0]), java.util.Arrays.stream(out.shape()).asLongStream().toArray()));
        graph.string(2, g.name());
        Protobuf model = new Protobuf().int64(1, 8).string(2, "mobilenet4j").message(7, graph)
                .message(8, new Protobuf().string(1, "").int64(2, 14));
        return model.toBytes();
    }

    private static Protobuf valueInfo(String name, long[] dims) {
        Protobuf shape = new Protobuf();
        for (long d : dims) {
            shape.message(1, new Protobuf().int64(1, d));
        }
        Protobuf tensorType = new Protobuf().int64(1, FLOAT).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensorType));
    }

    private String initializer(float[] values, long... dims) {
        String n = "w" + (extra++);
        Protobuf t = new Protobuf();
        for (long d : dims) {
            t.int64(1, d);
        }
        t.int64(2, FLOAT).string(8, n);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        t.bytes(9, b.array());
        graph.message(5, t);
        return n;
    }

    private String int64Initializer(long... values) {
        String n = "w" + (extra++);
        Protobuf t = new Protobuf().int64(1, values.length).int64(2, INT64).string(8, n);
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        t.bytes(9, b.array());
        graph.message(5, t);
        return n;
    }

    private void emit(String opType, String[] inputs, String output, Protobuf... attributes) {
        Protobuf node = new Protobuf();
        for (String i : inputs) {
            node.string(1, i);
        }
        node.string(2, output).string(3, output + "_" + opType).string(4, opType);
        for (Protobuf a : attributes) {
            node.message(5, a);
        }
        graph.message(1, node);
    }

    private static Protobuf ints(String name, long... v) {
        Protobuf a = new Protobuf().string(1, name).int64(20, 7);
        for (long x : v) {
            a.int64(8, x);
        }
        return a;
    }

    private static Protobuf intAttr(String name, long v) {
        return new Protobuf().string(1, name).int64(20, 2).int64(3, v);
    }

    private static Protobuf floatAttr(String name, float v) {
        return new Protobuf().string(1, name).int64(20, 1).float32(2, v);
    }

    /** Emits the op into a fresh name and applies the fused activation, ending at the node's output. */
    private void withActivation(String opType, String[] inputs, int out, Activation act, Protobuf... attrs) {
        if (act == Activation.NONE) {
            emit(opType, inputs, name(out), attrs);
            return;
        }
        String pre = name(out) + "_pre";
        emit(opType, inputs, pre, attrs);
        clip(pre, name(out), act.min(), act.max());
    }

    private void clip(String in, String out, float min, float max) {
        if (min == 0 && Float.isInfinite(max)) {
            emit("Relu", new String[] {in}, out);
        } else {
            emit("Clip", new String[] {in, initializer(new float[] {min}), initializer(new float[] {max})}, out);
        }
    }

    private float[] constant(int id) {
        Tensor t = g.tensor(id);
        if (!t.isConstant() || t.type().dataType() != DataType.FLOAT32) {
            throw new UnsupportedOperationException("ONNX export needs float constant weights: " + t);
        }
        return t.data().toFloatArray();
    }

    private void node(Node n) {
        Op op = n.op();
        int[] in = n.inputs();
        int out = n.output(0);
        TensorType x = g.tensor(in[0]).type();
        if (op instanceof Op.Conv2d || op instanceof Op.DepthwiseConv2d) {
            boolean dw = op instanceof Op.DepthwiseConv2d;
            TensorType wt = g.tensor(in[1]).type();
            float[] w = constant(in[1]);
            int o = dw ? wt.dim(3) : wt.dim(0);
            int kh = wt.dim(1);
            int kw = wt.dim(2);
            int i = dw ? 1 : wt.dim(3);
            float[] oihw = new float[w.length];
            for (int a = 0; a < o; a++) {
                for (int y = 0; y < kh; y++) {
                    for (int z = 0; z < kw; z++) {
                        for (int c = 0; c < i; c++) {
                            int src = dw ? (y * kw + z) * o + a : ((a * kh + y) * kw + z) * i + c;
                            oihw[((a * i + c) * kh + y) * kw + z] = w[src];
                        }
                    }
                }
            }
            int sh;
            int sw;
            Padding p;
            Activation act;
            if (dw) {
                Op.DepthwiseConv2d d = (Op.DepthwiseConv2d) op;
                sh = d.strideH();
                sw = d.strideW();
                p = d.padding();
                act = d.activation();
            } else {
                Op.Conv2d c = (Op.Conv2d) op;
                sh = c.strideH();
                sw = c.strideW();
                p = c.padding();
                act = c.activation();
            }
            String bias = in[2] >= 0 ? initializer(constant(in[2]), o) : initializer(new float[o], o);
            long[] pads = {p.padBefore(x.dim(1), kh, sh, 1), p.padBefore(x.dim(2), kw, sw, 1),
                p.padAfter(x.dim(1), kh, sh, 1), p.padAfter(x.dim(2), kw, sw, 1)};
            withActivation("Conv", new String[] {name(in[0]), initializer(oihw, o, i, kh, kw), bias}, out, act,
                    ints("kernel_shape", kh, kw), ints("strides", sh, sw), ints("pads", pads),
                    intAttr("group", dw ? x.dim(3) : 1));
        } else if (op instanceof Op.FullyConnected f) {
            TensorType wt = g.tensor(in[1]).type();
            String bias = in[2] >= 0 ? initializer(constant(in[2]), wt.dim(0)) : initializer(new float[wt.dim(0)], wt.dim(0));
            withActivation("Gemm", new String[] {name(in[0]), initializer(constant(in[1]), wt.dim(0), wt.dim(1)), bias},
                    out, f.activation(), intAttr("transB", 1));
        } else if (op instanceof Op.GlobalAveragePool) {
            emit("GlobalAveragePool", new String[] {name(in[0])}, name(out));
        } else if (op instanceof Op.Add a) {
            withActivation("Add", new String[] {name(in[0]), name(in[1])}, out, a.activation());
        } else if (op instanceof Op.Mul m) {
            withActivation("Mul", new String[] {name(in[0]), name(in[1])}, out, m.activation());
        } else if (op instanceof Op.Clamp c) {
            clip(name(in[0]), name(out), c.min(), c.max());
        } else if (op instanceof Op.HardSwish) {
            emit("HardSwish", new String[] {name(in[0])}, name(out));
        } else if (op instanceof Op.HardSigmoid) {
            emit("HardSigmoid", new String[] {name(in[0])}, name(out), floatAttr("alpha", 1f / 6), floatAttr("beta", 0.5f));
        } else if (op instanceof Op.Reshape) {
            if (x.rank() == 4 && (x.dim(1) != 1 || x.dim(2) != 1)) {
                throw new UnsupportedOperationException("ONNX export reshapes only 1x1 maps");
            }
            long[] shape = java.util.Arrays.stream(g.tensor(out).type().shape()).asLongStream().toArray();
            emit("Reshape", new String[] {name(in[0]), int64Initializer(shape)}, name(out));
        } else if (op instanceof Op.Softmax) {
            emit("Softmax", new String[] {name(in[0])}, name(out), intAttr("axis", -1));
        } else {
            throw new UnsupportedOperationException("ONNX export of " + op.kind());
        }
    }
}
