package org.mobilenet4j.backend.xnnpack;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.Tensor;
import org.mobilenet4j.graph.TensorType;

/**
 * Describes a {@link Graph} to the native core as a flat op list: each used tensor (type, dims,
 * quantization, constant bytes) and each node (op code, tensor ids, integer and float parameters). Padding
 * is resolved here (TensorFlow SAME/VALID to explicit top/right/bottom/left); fused activations become the
 * output_min/output_max every XNNPACK op takes.
 */
final class NativeModelWriter {
    private NativeModelWriter() {
    }

    static XnnpackNative.NativeModel write(Graph g) {
        XnnpackNative.NativeModel model = new XnnpackNative.NativeModel(g.tensors().size());
        boolean[] live = liveNodes(g);
        boolean[] used = new boolean[g.tensors().size()];
        for (int k = 0; k < g.nodes().size(); k++) {
            if (!live[k]) {
                continue;
            }
            Node n = g.nodes().get(k);
            for (int i : n.inputs()) {
                if (i >= 0) {
                    used[i] = true;
                }
            }
            used[n.output(0)] = true;
        }
        int[] flags = new int[used.length];
        for (int i : g.inputs()) {
            used[i] = true;
            flags[i] |= NativeOp.EXTERNAL_INPUT;
        }
        for (int o : g.outputs()) {
            flags[o] |= NativeOp.EXTERNAL_OUTPUT;
        }
        int[] forcedDims4 = new int[used.length];
        for (Node n : g.nodes()) {
            if (n.op() instanceof Op.GlobalAveragePool) {
                forcedDims4[n.output(0)] = 1;
            }
        }
        for (Tensor t : g.tensors()) {
            if (used[t.id()]) {
                defineTensor(model, g, t, flags[t.id()], forcedDims4[t.id()] == 1);
            }
        }
        for (int i = 0; i < g.nodes().size(); i++) {
            if (live[i]) {
                defineNode(model, g, g.nodes().get(i), i);
            }
        }
        return model;
    }

    /**
     * The nodes some graph output depends on. The others are left out: XNNPACK plans no memory for a value
     * nothing reads, and a node writing one may fail an assertion (aborting the process) at setup.
     */
    static boolean[] liveNodes(Graph g) {
        boolean[] needed = new boolean[g.tensors().size()];
        for (int o : g.outputs()) {
            needed[o] = true;
        }
        boolean[] live = new boolean[g.nodes().size()];
        for (int k = g.nodes().size() - 1; k >= 0; k--) {
            Node n = g.nodes().get(k);
            for (int o : n.outputs()) {
                live[k] |= needed[o];
            }
            if (live[k]) {
                for (int i : n.inputs()) {
                    if (i >= 0) {
                        needed[i] = true;
                    }
                }
            }
        }
        return live;
    }

    private static void defineTensor(XnnpackNative.NativeModel model, Graph g, Tensor t, int flags, boolean asNhwc11) {
        TensorType type = t.type();
        int[] shape = type.shape();
        if (asNhwc11 && shape.length == 2) {
            // the global average pool is a mean keeping dims, [N, 1, 1, C]; a MEAN without keep_dims is the same memory
            shape = new int[] {shape[0], 1, 1, shape[1]};
        }
        long[] dims = Arrays.stream(shape).asLongStream().toArray();
        Quantization q = type.quantization();
        int datatype;
        switch (type.dataType()) {
            case FLOAT32:
                datatype = NativeOp.FP32;
                break;
            case UINT8:
                requirePerTensor(t, q);
                datatype = NativeOp.QUINT8;
                break;
            case INT8:
                datatype = q.isPerTensor() ? NativeOp.QINT8 : NativeOp.QCINT8;
                break;
            case INT32:
                if (q == null) {
                    throw new UnsupportedOperationException("tensor '" + t.name() + "': int32 without quantization "
                            + "(only quantized biases run on XNNPACK)");
                }
                datatype = q.isPerTensor() ? NativeOp.QINT32 : NativeOp.QCINT32;
                break;
            default:
                throw new UnsupportedOperationException("tensor '" + t.name() + "': " + type);
        }
        ByteBuffer data = null;
        long bytes = 0;
        if (t.isConstant()) {
            ByteBuffer src = t.data().bytes();
            data = ByteBuffer.allocateDirect(src.remaining());
            data.put(src).flip();
            bytes = data.remaining();
        }
        float scale = q == null ? 0f : q.scale();
        int zeroPoint = q == null ? 0 : q.zeroPoint();
        model.setTensor(t.id(), datatype, dims, dims.length, scale, zeroPoint, data, bytes, flags);
        if (datatype == NativeOp.QCINT8 || datatype == NativeOp.QCINT32) {
            float[] scales = new float[q.channels()];
            for (int c = 0; c < scales.length; c++) {
                scales[c] = q.scale(c);
            }
            model.setChannelScales(t.id(), scales, scales.length, q.axis());
        }
    }

    private static void requirePerTensor(Tensor t, Quantization q) {
        if (!q.isPerTensor()) {
            throw new UnsupportedOperationException("tensor '" + t.name() + "': per-channel uint8");
        }
    }

    private static void defineNode(XnnpackNative.NativeModel model, Graph g, Node n, int index) {
        Op op = n.op();
        int[] in = n.inputs();
        TensorType x = g.tensor(in[0]).type();
        int code;
        int[] p = {};
        float[] f = {};
        if (op instanceof Op.Conv2d c) {
            TensorType w = g.tensor(in[1]).type();
            int[] pads = pads(x, w.dim(1), w.dim(2), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), c.padding());
            code = NativeOp.CONV_2D;
            p = new int[] {pads[0], pads[1], pads[2], pads[3], w.dim(1), w.dim(2), c.strideH(), c.strideW(),
                c.dilationH(), c.dilationW(), 1, w.dim(3), w.dim(0)};
            f = range(c.activation());
        } else if (op instanceof Op.DepthwiseConv2d d) {
            TensorType w = g.tensor(in[1]).type();
            int[] pads = pads(x, w.dim(1), w.dim(2), d.strideH(), d.strideW(), d.dilationH(), d.dilationW(), d.padding());
            code = NativeOp.DEPTHWISE_CONV_2D;
            p = new int[] {pads[0], pads[1], pads[2], pads[3], w.dim(1), w.dim(2), d.strideH(), d.strideW(),
                d.dilationH(), d.dilationW(), d.depthMultiplier(), x.dim(3)};
            f = range(d.activation());
        } else if (op instanceof Op.FullyConnected fc) {
            code = NativeOp.FULLY_CONNECTED;
            f = range(fc.activation());
        } else if (op instanceof Op.AveragePool2d ap && ap.padding() == Padding.VALID && ap.filterH() == x.dim(1)
                && ap.filterW() == x.dim(2)) {
            // a pool over the whole image (MobileNet's last pool) is a global average pool: a mean, which XNNPACK
            // also runs on uint8 and int8
            code = NativeOp.GLOBAL_AVERAGE_POOL;
            f = range(ap.activation());
        } else if (op instanceof Op.AveragePool2d ap) {
            int[] pads = pads(x, ap.filterH(), ap.filterW(), ap.strideH(), ap.strideW(), 1, 1, ap.padding());
            code = NativeOp.AVERAGE_POOL_2D;
            p = new int[] {pads[0], pads[1], pads[2], pads[3], ap.filterH(), ap.filterW(), ap.strideH(), ap.strideW()};
            f = range(ap.activation());
        } else if (op instanceof Op.GlobalAveragePool) {
            code = NativeOp.GLOBAL_AVERAGE_POOL;
            f = range(Activation.NONE);
        } else if (op instanceof Op.Add a) {
            code = NativeOp.ADD;
            f = range(a.activation());
        } else if (op instanceof Op.Mul m) {
            code = NativeOp.MUL;
            f = range(m.activation());
        } else if (op instanceof Op.Clamp c) {
            code = NativeOp.CLAMP;
            f = new float[] {c.min(), c.max()};
        } else if (op instanceof Op.HardSwish) {
            code = NativeOp.HARD_SWISH;
        } else if (op instanceof Op.HardSigmoid) {
            code = NativeOp.HARD_SIGMOID;
        } else if (op instanceof Op.Sigmoid) {
            code = NativeOp.SIGMOID;
        } else if (op instanceof Op.Reshape) {
            code = NativeOp.RESHAPE;
        } else if (op instanceof Op.Softmax s) {
            if (s.beta() != 1f) {
                throw new UnsupportedOperationException("node " + index + " (Softmax '" + n.name() + "'): beta "
                        + s.beta() + " (XNNPACK's softmax has beta 1)");
            }
            code = NativeOp.SOFTMAX;
        } else if (op instanceof Op.Quantize || op instanceof Op.Dequantize) {
            // quantize, dequantize and requantize (uint8 <-> int8, or to a new scale) are one XNNPACK convert
            code = NativeOp.CONVERT;
        } else {
            throw new UnsupportedOperationException("node " + index + ": no XNNPACK mapping for " + op.kind());
        }
        model.addNode(code, in, in.length, n.output(0), p, p.length, f, f.length, n.name());
    }

    /** Explicit top, right, bottom, left padding. */
    private static int[] pads(TensorType x, int kh, int kw, int sh, int sw, int dh, int dw, Padding padding) {
        return new int[] {padding.padBefore(x.dim(1), kh, sh, dh), padding.padAfter(x.dim(2), kw, sw, dw),
            padding.padAfter(x.dim(1), kh, sh, dh), padding.padBefore(x.dim(2), kw, sw, dw)};
    }

    private static float[] range(Activation a) {
        return new float[] {a.min(), a.max()};
    }
}
