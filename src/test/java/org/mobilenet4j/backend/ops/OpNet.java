package org.mobilenet4j.backend.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mobilenet4j.graph.ConstantData;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * Builds one op's test graph in one element type. A quantized case is built twice from the same seed: first
 * in float32 with every input and weight already on the grid of its quantized twin ({@link #grid}), which
 * gives the output range (hence the output quantization) and the real-valued answer the quantized
 * reference kernels are checked against; then in the 8-bit type with that output quantization. uint8 weights
 * are per-tensor asymmetric; int8 weights per-channel symmetric (TF2 post-training quantization), int32
 * biases at input scale x weight scale.
 */
final class OpNet {
    final GraphBuilder b = new GraphBuilder("op");
    final SplittableRandom r;
    /** The type the case's graph holds (float32 in the first pass of a quantized case). */
    final DataType type;
    /** The 8-bit type whose grid float values are snapped to, or float32 for a float case. */
    final DataType grid;
    private final float[] outRange;
    final List<float[]> inputValues = new ArrayList<>();
    /** The quantization each input has (or, in the float pass, will have). */
    private final java.util.Map<Integer, Quantization> gridQuantization = new java.util.HashMap<>();
    private int names;

    OpNet(DataType type, DataType grid, long seed, float[] outRange) {
        this.type = type;
        this.grid = grid;
        this.r = new SplittableRandom(seed);
        this.outRange = outRange;
    }

    boolean quantized() {
        return type.isQuantized8();
    }

    private String name(String prefix) {
        return prefix + names++;
    }

    float uniform(float lo, float hi) {
        return (float) (lo + r.nextDouble() * (hi - lo));
    }

    /** Per-tensor quantization covering [lo, hi] (widened to hold 0) in {@code t}. */
    static Quantization range(DataType t, float lo, float hi) {
        lo = Math.min(lo, 0f);
        hi = Math.max(hi, 0f);
        float scale = Math.max(hi - lo, 1e-3f) / 255f;
        long zp = t.qmin() + Math.round(-lo / scale);
        return Quantization.perTensor(scale, Math.max(t.qmin(), Math.min(t.qmax(), zp)));
    }

    static float snap(float v, DataType t, float scale, int zp) {
        int q = Math.max(t.qmin(), Math.min(t.qmax(), Math.round(v / scale) + zp));
        return scale * (q - zp);
    }

    /** A graph input of this net's type with values uniform in [lo, hi]. */
    int input(float lo, float hi, int... shape) {
        return inputOf(type, grid, lo, hi, shape);
    }

    /** A graph input of type {@code t} (snapped to {@code snapTo}'s grid when t is float32). */
    int inputOf(DataType t, DataType snapTo, float lo, float hi, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        Quantization q = snapTo.isQuantized8() ? range(snapTo, lo, hi) : null;
        for (int i = 0; i < n; i++) {
            v[i] = uniform(lo, hi);
            if (q != null) {
                v[i] = snap(v[i], snapTo, q.scale(), q.zeroPoint());
            }
        }
        inputValues.add(v);
        TensorType tt = t.isQuantized8() ? new TensorType(shape, t, range(t, lo, hi)) : TensorType.float32(shape);
        int id = b.input(name("x"), tt);
        if (q != null) {
            gridQuantization.put(id, q);
        } else if (tt.quantization() != null) {
            gridQuantization.put(id, tt.quantization());
        }
        return id;
    }

    /**
     * A constant filter with weights uniform in +-(0.1 + channel) along {@code channelAxis} (so per-channel
     * scales matter).
     */
    int filter(int channelAxis, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        int channels = shape[channelAxis];
        int inner = 1;
        for (int d = channelAxis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i / inner % channels;
            w[i] = uniform(-1, 1) * (0.1f + c % 4);
        }
        if (grid == DataType.FLOAT32) {
            return b.constant(name("w"), w, shape);
        }
        float[] scales;
        long[] zps;
        if (grid == DataType.UINT8) {
            float lo = 0;
            float hi = 0;
            for (float x : w) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            Quantization q = range(DataType.UINT8, lo, hi);
            scales = new float[] {q.scale()};
            zps = new long[] {q.zeroPoint()};
        } else {
            scales = new float[channels];
            zps = new long[channels];
            for (int i = 0; i < n; i++) {
                int c = i / inner % channels;
                scales[c] = Math.max(scales[c], Math.abs(w[i]) / 127f);
            }
            for (int c = 0; c < channels; c++) {
                scales[c] = Math.max(scales[c], 1e-6f);
            }
        }
        byte[] q = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = scales.length == 1 ? 0 : i / inner % channels;
            int zp = (int) zps[c];
            int v = Math.max(grid.qmin(), Math.min(grid.qmax(), Math.round(w[i] / scales[c]) + zp));
            q[i] = (byte) v;
            w[i] = scales[c] * (v - zp);
        }
        lastFilterScales = scales;
        if (!quantized()) {
            return b.constant(name("w"), w, shape);
        }
        Quantization wq = new Quantization(scales, zps, channelAxis);
        return b.tensor(name("w"), new TensorType(shape, grid, wq), new ConstantData(ByteBuffer.wrap(q)));
    }

    private float[] lastFilterScales;

    /** A bias for the filter just made, of {@code channels} values in [-1, 1], on the int32 grid. */
    int bias(int x, int channels) {
        float[] v = new float[channels];
        for (int c = 0; c < channels; c++) {
            v[c] = uniform(-1, 1);
        }
        if (grid == DataType.FLOAT32) {
            return b.constant(name("b"), v, channels);
        }
        float sx = gridQuantization.get(x).scale();
        float[] scales = new float[channels];
        long[] zps = new long[channels];
        int[] q = new int[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = sx * lastFilterScales[lastFilterScales.length == 1 ? 0 : c];
            q[c] = Math.round(v[c] / scales[c]);
            v[c] = q[c] * scales[c];
        }
        if (!quantized()) {
            return b.constant(name("b"), v, channels);
        }
        ByteBuffer bb = ByteBuffer.allocate(channels * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asIntBuffer().put(q);
        Quantization bq = lastFilterScales.length == 1 ? Quantization.perTensor(scales[0], 0)
                : new Quantization(scales, zps, 0);
        return b.tensor(name("b"), new TensorType(new int[] {channels}, DataType.INT32, bq), new ConstantData(bb));
    }

    /** The op's output: float32, or this net's 8-bit type quantized over the range the float pass found. */
    int output(int... shape) {
        if (!quantized()) {
            return b.tensor(name("y"), TensorType.float32(shape), null);
        }
        return b.tensor(name("y"), new TensorType(shape, type, range(type, outRange[0], outRange[1])), null);
    }

    /** An output of explicit type (quantization may be null for float32). */
    int outputOf(DataType t, Quantization q, int... shape) {
        return b.tensor(name("y"), t == DataType.FLOAT32 ? TensorType.float32(shape) : new TensorType(shape, t, q),
                null);
    }

    /** An output with the same quantization as tensor {@code x} (what Clamp and Reshape need). */
    int outputLike(int x, int... shape) {
        return b.tensor(name("y"), b.type(x).withShape(shape), null);
    }

    /** An output for Sigmoid and Softmax: quantized [0, 1) as scale 1/256 from the type's lowest value. */
    int probabilities(int... shape) {
        return quantized() ? outputOf(type, Quantization.perTensor(1f / 256, type.qmin()), shape) : output(shape);
    }

    int node(Op op, int out, int... in) {
        b.addNode(op, in, new int[] {out}, op.kind());
        return out;
    }

    Graph build(int output) {
        b.output(output);
        return b.build();
    }
}
