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
 * quantization, constant bytes) and each node (op code, tensor ids and the named fields of
 * native/mobilenet4j_ops.h's NodeParams). Padding
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
        boolean perChannel = datatype == NativeOp.QCINT8 || datatype == NativeOp.QCINT32;
        try (XnnpackNative.TensorParams params = new XnnpackNative.TensorParams()) {
            params.datatype(datatype).flags(flags);
            if (q != null) {
                params.scale(q.scale()).zeroPoint(q.zeroPoint());
            }
            if (perChannel) {
                params.channelDim(q.axis());
            }
            model.setTensor(t.id(), params, dims, dims.length, data, bytes);
        }
        if (perChannel) {
            float[] scales = new float[q.channels()];
            for (int c = 0; c < scales.length; c++) {
                scales[c] = q.scale(c);
            }
            model.setChannelScales(t.id(), scales, scales.length);
        }
    }

    private static void requirePerTensor(Tensor t, Quantization q) {
        if (!q.isPerTensor()) {
            throw new UnsupportedOperationException("tensor '" + t.name() + "': per-channel uint8");
        }
    }

    private static void defineNode(XnnpackNative.NativeModel model, Graph g, Node n, int index) {
        int[] in = n.inputs();
        try (XnnpackNative.NodeParams p = new XnnpackNative.NodeParams()) {
            int code = n.op().accept(new NodeMapping(g, n, index, p));
            model.addNode(code, in, in.length, n.output(0), p, n.name());
        }
    }

    /**
     * The native op code of each graph op, with its parameters written into {@code p}: exhaustive by
     * {@link Op.Visitor} (a new op fails compilation here until it is mapped or refused).
     */
    private static final class NodeMapping implements Op.Visitor<Integer> {
        private final Graph g;
        private final Node n;
        private final int index;
        private final XnnpackNative.NodeParams p;
        private final TensorType x;

        NodeMapping(Graph g, Node n, int index, XnnpackNative.NodeParams p) {
            this.g = g;
            this.n = n;
            this.index = index;
            this.p = p;
            this.x = g.tensor(n.input(0)).type();
        }

        /** Explicit padding, window, stride and dilation of a convolution or pool. */
        private void window(int kh, int kw, int sh, int sw, int dh, int dw, Padding padding) {
            p.paddingTop(padding.padBefore(x.dim(1), kh, sh, dh)).paddingRight(padding.padAfter(x.dim(2), kw, sw, dw))
                    .paddingBottom(padding.padAfter(x.dim(1), kh, sh, dh))
                    .paddingLeft(padding.padBefore(x.dim(2), kw, sw, dw));
            p.kernelHeight(kh).kernelWidth(kw).strideHeight(sh).strideWidth(sw).dilationHeight(dh).dilationWidth(dw);
        }

        private int activation(int code, Activation a) {
            p.activationMin(a.min()).activationMax(a.max());
            return code;
        }

        public Integer conv2d(Op.Conv2d c) {
            TensorType w = g.tensor(n.input(1)).type();
            window(w.dim(1), w.dim(2), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), c.padding());
            p.groups(1).groupInputChannels(w.dim(3)).groupOutputChannels(w.dim(0));
            return activation(NativeOp.CONV_2D, c.activation());
        }

        public Integer depthwiseConv2d(Op.DepthwiseConv2d d) {
            TensorType w = g.tensor(n.input(1)).type();
            window(w.dim(1), w.dim(2), d.strideH(), d.strideW(), d.dilationH(), d.dilationW(), d.padding());
            p.depthMultiplier(d.depthMultiplier()).inputChannels(x.dim(3));
            return activation(NativeOp.DEPTHWISE_CONV_2D, d.activation());
        }

        public Integer fullyConnected(Op.FullyConnected fc) {
            return activation(NativeOp.FULLY_CONNECTED, fc.activation());
        }

        public Integer averagePool2d(Op.AveragePool2d ap) {
            if (ap.padding() == Padding.VALID && ap.filterH() == x.dim(1) && ap.filterW() == x.dim(2)) {
                // a pool over the whole image (MobileNet's last pool) is a global average pool: a mean, which
                // XNNPACK also runs on uint8 and int8
                return activation(NativeOp.GLOBAL_AVERAGE_POOL, ap.activation());
            }
            window(ap.filterH(), ap.filterW(), ap.strideH(), ap.strideW(), 1, 1, ap.padding());
            return activation(NativeOp.AVERAGE_POOL_2D, ap.activation());
        }

        public Integer globalAveragePool(Op.GlobalAveragePool op) {
            return activation(NativeOp.GLOBAL_AVERAGE_POOL, Activation.NONE);
        }

        public Integer add(Op.Add a) {
            return activation(NativeOp.ADD, a.activation());
        }

        public Integer mul(Op.Mul m) {
            return activation(NativeOp.MUL, m.activation());
        }

        public Integer clamp(Op.Clamp c) {
            p.activationMin(c.min()).activationMax(c.max());
            return NativeOp.CLAMP;
        }

        public Integer hardSwish(Op.HardSwish op) {
            return NativeOp.HARD_SWISH;
        }

        public Integer hardSigmoid(Op.HardSigmoid op) {
            return NativeOp.HARD_SIGMOID;
        }

        public Integer sigmoid(Op.Sigmoid op) {
            return NativeOp.SIGMOID;
        }

        public Integer reshape(Op.Reshape op) {
            return NativeOp.RESHAPE;
        }

        public Integer softmax(Op.Softmax s) {
            if (s.beta() != 1f) {
                throw new UnsupportedOperationException("node " + index + " (Softmax '" + n.name() + "'): beta "
                        + s.beta() + " (XNNPACK's softmax has beta 1)");
            }
            return NativeOp.SOFTMAX;
        }

        // quantize, dequantize and requantize (uint8 <-> int8, or to a new scale) are one XNNPACK convert
        public Integer quantize(Op.Quantize op) {
            return NativeOp.CONVERT;
        }

        public Integer dequantize(Op.Dequantize op) {
            return NativeOp.CONVERT;
        }
    }
}
