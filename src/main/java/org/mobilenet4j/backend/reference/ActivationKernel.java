package org.mobilenet4j.backend.reference;

import java.util.function.DoubleUnaryOperator;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * Element-wise activations: Clamp, HardSwish, HardSigmoid, Sigmoid. Float in float. Quantized through a
 * 256-entry table: HardSwish's holds TFLite's fixed-point formula ({@link QuantizedHardSwish}); the others'
 * are built the way TFLite builds its LUTs: dequantize each possible input, apply the float function,
 * y = round(f / y_scale) + y_zp, clamped.
 */
final class ActivationKernel {
    private ActivationKernel() {
    }

    static Kernel prepare(Graph g, Node node, Op op) {
        DoubleUnaryOperator f = function(op);
        TensorType in = g.tensor(node.input(0)).type();
        TensorType out = g.tensor(node.output(0)).type();
        int x = node.input(0);
        int y = node.output(0);
        int n = (int) in.elementCount();
        if (in.dataType() == DataType.FLOAT32) {
            return v -> {
                float[] src = v.floats[x];
                float[] o = v.floats[y] = new float[n];
                for (int i = 0; i < n; i++) {
                    o[i] = (float) f.applyAsDouble(src[i]);
                }
            };
        }
        Quantization qi = in.quantization();
        Quantization qo = out.quantization();
        int qmin = in.dataType().qmin();
        int[] table = op instanceof Op.HardSwish
                ? QuantizedHardSwish.table(in.dataType(), qi, out.dataType(), qo)
                : floatTable(f, in, out);
        return v -> {
            int[] src = v.ints[x];
            int[] o = v.ints[y] = new int[n];
            for (int i = 0; i < n; i++) {
                o[i] = table[src[i] - qmin];
            }
        };
    }

    /** The table of TFLite's LUT-based kernels: dequantize, apply f in float, requantize with rounding. */
    private static int[] floatTable(DoubleUnaryOperator f, TensorType in, TensorType out) {
        Quantization qi = in.quantization();
        Quantization qo = out.quantization();
        int qmin = in.dataType().qmin();
        int[] table = new int[256];
        float inverseScale = 1f / qo.scale();
        for (int q = qmin; q <= in.dataType().qmax(); q++) {
            float real = qi.scale() * (q - qi.zeroPoint());
            float t = (float) f.applyAsDouble(real);
            int r = FixedPoint.roundHalfAway(t * inverseScale) + qo.zeroPoint();
            table[q - qmin] = Math.min(Math.max(r, out.dataType().qmin()), out.dataType().qmax());
        }
        return table;
    }

    private static DoubleUnaryOperator function(Op op) {
        if (op instanceof Op.Clamp c) {
            float lo = c.min();
            float hi = c.max();
            return v -> Math.min(Math.max(v, lo), hi);
        }
        if (op instanceof Op.HardSwish) {
            return v -> v * Math.min(Math.max(v + 3, 0), 6) / 6;
        }
        if (op instanceof Op.HardSigmoid) {
            return v -> Math.min(Math.max(v + 3, 0), 6) / 6;
        }
        if (op instanceof Op.Sigmoid) {
            return v -> 1 / (1 + Math.exp(-v));
        }
        throw new IllegalArgumentException("not an activation: " + op.kind());
    }
}
