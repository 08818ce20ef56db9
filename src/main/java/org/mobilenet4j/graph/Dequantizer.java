package org.mobilenet4j.graph;

/**
 * Rewrites a quantized graph to run in float32: every quantized constant becomes its real value
 * scale * (q - zero point) (per channel where the quantization is), int32 biases become bias * scale,
 * activations become float, and QUANTIZE/DEQUANTIZE steps become plain copies. Each op whose quantized
 * output saturated is followed by a clamp to that output's real range (in converted models that saturation is
 * often the only trace of a ReLU6). The graph's quantized inputs
 * stay as they are, followed by a Dequantize; its outputs are float. Results differ from the integer kernels
 * by the rounding the quantized arithmetic does at each layer.
 */
public final class Dequantizer {
    private Dequantizer() {
    }

    public static Graph toFloat(Graph g) {
        GraphBuilder b = new GraphBuilder(g.name() + " (dequantized)");
        int[] map = new int[g.tensors().size()];
        java.util.Set<Integer> inputs = new java.util.HashSet<>();
        for (int i : g.inputs()) {
            inputs.add(i);
        }
        for (Tensor t : g.tensors()) {
            TensorType type = t.type();
            Quantization q = type.quantization();
            if (inputs.contains(t.id())) {
                int in = b.input(t.name(), type);
                if (type.dataType().isQuantized8()) {
                    int f = b.tensor(t.name() + "/dequantized", TensorType.float32(type.shape()), null);
                    b.addNode(new Op.Dequantize(), new int[] {in}, new int[] {f}, t.name() + "/dequantize");
                    map[t.id()] = f;
                } else {
                    map[t.id()] = in;
                }
            } else if (t.isConstant() && (type.dataType().isQuantized8()
                    || (type.dataType() == DataType.INT32 && q != null))) {
                int[] values = t.data().toIntArray(type.dataType());
                float[] real = new float[values.length];
                int channels = q.channels();
                int inner = channels == 1 ? values.length : innerSize(type, q.axis());
                for (int i = 0; i < values.length; i++) {
                    int c = channels == 1 ? 0 : (i / inner) % channels;
                    int zp = type.dataType() == DataType.INT32 ? 0 : q.zeroPoint(c);
                    real[i] = q.scale(c) * (values[i] - zp);
                }
                map[t.id()] = b.tensor(t.name(), TensorType.float32(type.shape()), ConstantData.ofFloats(real));
            } else if (t.isConstant()) {
                map[t.id()] = b.tensor(t.name(), type, t.data());
            } else if (type.dataType().isQuantized8()) {
                map[t.id()] = b.tensor(t.name(), TensorType.float32(type.shape()), null);
            } else {
                map[t.id()] = b.tensor(t.name(), type, null);
            }
        }
        for (Node n : g.nodes()) {
            int[] ins = n.inputs();
            for (int i = 0; i < ins.length; i++) {
                ins[i] = ins[i] < 0 ? -1 : map[ins[i]];
            }
            int[] outs = n.outputs();
            for (int i = 0; i < outs.length; i++) {
                outs[i] = map[outs[i]];
            }
            Op op = n.op() instanceof Op.Quantize || n.op() instanceof Op.Dequantize ? new Op.Reshape() : n.op();
            TensorType quantizedOut = g.tensor(n.output(0)).type();
            if (quantizedOut.dataType().isQuantized8() && !(op instanceof Op.Reshape) && !(op instanceof Op.Softmax)) {
                // the integer kernels saturate at the output's range (often the only trace of a ReLU6): clamp there
                Quantization q = quantizedOut.quantization();
                float lo = q.scale() * (quantizedOut.dataType().qmin() - q.zeroPoint());
                float hi = q.scale() * (quantizedOut.dataType().qmax() - q.zeroPoint());
                int unclamped = b.tensor(n.name() + "/unclamped", TensorType.float32(quantizedOut.shape()), null);
                b.addNode(op, ins, new int[] {unclamped}, n.name());
                b.addNode(new Op.Clamp(lo, hi), new int[] {unclamped}, outs, n.name() + "/saturate");
            } else {
                b.addNode(op, ins, outs, n.name());
            }
        }
        for (int o : g.outputs()) {
            b.output(map[o]);
        }
        return b.build();
    }

    /** Elements per step of dimension {@code axis}: the product of the dimensions after it. */
    private static int innerSize(TensorType type, int axis) {
        int inner = 1;
        for (int d = axis + 1; d < type.rank(); d++) {
            inner *= type.dim(d);
        }
        return inner;
    }
}
