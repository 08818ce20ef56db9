package org.mobilenet4j.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Post-training quantization of a float32 graph to int8, as TFLite's converter does by default: activations
 * int8 per tensor (asymmetric, from calibrated ranges), convolution and depthwise filters int8 symmetric per
 * output channel, fully connected filters int8 symmetric per tensor, biases int32 with scale input * filter.
 * The graph keeps float input and output: a Quantize follows each input and a Dequantize precedes each
 * output. Reshape, Clamp and AveragePool2d outputs take their input's parameters, Softmax and Sigmoid the
 * fixed 1/256, -128 (the limits in {@code QuantizationRules}). Used to write int8 per-channel files of any
 * MobileNet for benchmarks; the ranges usually come from running the float graph on sample inputs.
 * Stateless; thread-safe.
 */
public final class Int8Quantizer {
    private Int8Quantizer() {
    }

    /**
     * @param ranges real [min, max] of every activation tensor of {@code g} (inputs and the outputs of every
     *               node), by tensor id
     * @throws IllegalArgumentException if {@code g} is not float32, a range is missing, or an op has no int8 form
     *                                  here (Quantize, Dequantize)
     */
    public static Graph quantize(Graph g, Map<Integer, float[]> ranges) {
        GraphBuilder b = new GraphBuilder(g.name() + " (int8)");
        int[] map = new int[g.tensors().size()];
        java.util.Arrays.fill(map, -1);
        for (int in : g.inputs()) {
            Tensor t = g.tensor(in);
            requireFloat(t);
            int f = b.input(t.name(), t.type());
            map[in] = b.tensor(t.name() + "/int8", int8(t, ranges), null);
            b.addNode(new Op.Quantize(), new int[] {f}, new int[] {map[in]}, t.name() + "/quantize");
        }
        for (Node n : g.nodes()) {
            Op op = n.op();
            if (op instanceof Op.Quantize || op instanceof Op.Dequantize) {
                throw new IllegalArgumentException(n + ": the graph to quantize must be float32 throughout");
            }
            int x = map[n.input(0)];
            TensorType xType = b.type(x);
            Tensor out = g.tensor(n.output(0));
            requireFloat(out);
            TensorType outType;
            if (op instanceof Op.Reshape || op instanceof Op.Clamp || op instanceof Op.AveragePool2d) {
                outType = new TensorType(out.type().shape(), DataType.INT8, xType.quantization());
            } else if (op instanceof Op.Softmax || op instanceof Op.Sigmoid) {
                outType = new TensorType(out.type().shape(), DataType.INT8, Quantization.perTensor(1f / 256, -128));
            } else {
                outType = int8(out, ranges);
            }
            int[] ins = n.inputs();
            if (op instanceof Op.Conv2d || op instanceof Op.DepthwiseConv2d || op instanceof Op.FullyConnected) {
                boolean perChannel = !(op instanceof Op.FullyConnected);
                int axis = op instanceof Op.DepthwiseConv2d ? 3 : 0;
                Tensor w = g.tensor(n.input(1));
                float[] wScales = filterScales(w, perChannel, axis);
                ins[1] = b.tensor(w.name(), new TensorType(w.type().shape(), DataType.INT8,
                        new Quantization(wScales, new long[wScales.length], perChannel ? axis : 0)),
                        quantizeFilter(w, wScales, axis));
                if (n.input(2) >= 0) {
                    Tensor bias = g.tensor(n.input(2));
                    ins[2] = b.tensor(bias.name(), biasType(bias, xType.quantization().scale(), wScales),
                            quantizeBias(bias, xType.quantization().scale(), wScales));
                }
            } else {
                for (int i = 1; i < ins.length; i++) {
                    if (ins[i] >= 0) {
                        ins[i] = constantOrMapped(b, g, ins[i], map, ranges);
                    }
                }
            }
            ins[0] = x;
            int o = b.tensor(out.name(), outType, null);
            b.addNode(op, ins, new int[] {o}, n.name());
            map[out.id()] = o;
        }
        for (int o : g.outputs()) {
            Tensor t = g.tensor(o);
            int f = b.tensor(t.name() + "/float", t.type(), null);
            b.addNode(new Op.Dequantize(), new int[] {map[o]}, new int[] {f}, t.name() + "/dequantize");
            b.output(f);
        }
        return b.build();
    }

    private static void requireFloat(Tensor t) {
        if (t.type().dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("tensor " + t + ": the graph to quantize must be float32 throughout");
        }
    }

    /** A second operand of Add or Mul: an activation already mapped, or a float constant quantized per tensor. */
    private static int constantOrMapped(GraphBuilder b, Graph g, int id, int[] map, Map<Integer, float[]> ranges) {
        Tensor t = g.tensor(id);
        if (!t.isConstant()) {
            return map[id];
        }
        float[] v = t.data().toFloatArray();
        float lo = 0;
        float hi = 0;
        for (float f : v) {
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        Quantization q = activation(lo, hi);
        ByteBuffer data = ByteBuffer.allocate(v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            data.put((byte) clamp(Math.round(f / q.scale()) + q.zeroPoint(), -128, 127));
        }
        data.flip();
        return b.tensor(t.name(), new TensorType(t.type().shape(), DataType.INT8, q), new ConstantData(data));
    }

    private static TensorType int8(Tensor t, Map<Integer, float[]> ranges) {
        float[] r = ranges.get(t.id());
        if (r == null || r.length != 2) {
            throw new IllegalArgumentException("no calibrated range for tensor " + t);
        }
        return new TensorType(t.type().shape(), DataType.INT8, activation(r[0], r[1]));
    }

    /** Asymmetric int8 parameters covering [min, max] and 0. */
    static Quantization activation(float min, float max) {
        float lo = Math.min(min, 0f);
        float hi = Math.max(max, 0f);
        float scale = (hi - lo) / 255f;
        if (!(scale >= 1e-6f)) {
            scale = 1e-6f;
        }
        long zp = clamp(Math.round(-128 - lo / scale), -128, 127);
        return Quantization.perTensor(scale, zp);
    }

    /** Symmetric scales max|w| / 127, one per channel along {@code axis}, or one for the whole filter. */
    private static float[] filterScales(Tensor w, boolean perChannel, int axis) {
        float[] v = w.data().toFloatArray();
        int channels = perChannel ? w.type().dim(axis) : 1;
        int inner = innerSize(w.type(), axis);
        float[] max = new float[channels];
        for (int i = 0; i < v.length; i++) {
            int c = channels == 1 ? 0 : (i / inner) % channels;
            max[c] = Math.max(max[c], Math.abs(v[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = Math.max(max[c], 1e-6f) / 127f;
        }
        return scales;
    }

    private static ConstantData quantizeFilter(Tensor w, float[] scales, int axis) {
        float[] v = w.data().toFloatArray();
        int inner = innerSize(w.type(), axis);
        ByteBuffer data = ByteBuffer.allocate(v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            int c = scales.length == 1 ? 0 : (i / inner) % scales.length;
            data.put((byte) clamp(Math.round(v[i] / scales[c]), -127, 127));
        }
        data.flip();
        return new ConstantData(data);
    }

    private static TensorType biasType(Tensor bias, float inputScale, float[] filterScales) {
        float[] scales = new float[filterScales.length];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = inputScale * filterScales[c];
        }
        return new TensorType(bias.type().shape(), DataType.INT32, new Quantization(scales, new long[scales.length], 0));
    }

    private static ConstantData quantizeBias(Tensor bias, float inputScale, float[] filterScales) {
        float[] v = bias.data().toFloatArray();
        ByteBuffer data = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            float s = inputScale * filterScales[filterScales.length == 1 ? 0 : i];
            data.putInt((int) clamp(Math.round((double) v[i] / s), Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        data.flip();
        return new ConstantData(data);
    }

    private static int innerSize(TensorType type, int axis) {
        int inner = 1;
        for (int d = axis + 1; d < type.rank(); d++) {
            inner *= type.dim(d);
        }
        return inner;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
