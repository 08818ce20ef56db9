package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * Ops that move or convert values without arithmetic on neighbours: Reshape (copy), Quantize
 * (float: q = round(x / scale) + zp; quantized: TFLite's fixed-point requantize), Dequantize
 * (x = scale * (q - zp)).
 */
final class ConversionKernel {
    private ConversionKernel() {
    }

    static Kernel prepare(Graph g, Node node, Op op) {
        TensorType in = g.tensor(node.input(0)).type();
        TensorType out = g.tensor(node.output(0)).type();
        if (in.elementCount() != out.elementCount()) {
            throw new IllegalArgumentException(op.kind() + " from " + in.shapeString() + " to " + out.shapeString()
                    + " changes the element count");
        }
        int x = node.input(0);
        int y = node.output(0);
        int n = (int) in.elementCount();
        if (op instanceof Op.Reshape) {
            if (in.dataType() != out.dataType()) {
                throw new IllegalArgumentException("reshape changes type: " + in + " to " + out);
            }
            if (in.dataType() == DataType.FLOAT32) {
                return v -> v.floats[y] = v.floats[x];
            }
            return v -> v.ints[y] = v.ints[x];
        }
        if (op instanceof Op.Dequantize) {
            Quantization q = in.quantization();
            return v -> {
                int[] src = v.ints[x];
                float[] o = v.floats[y] = new float[n];
                for (int i = 0; i < n; i++) {
                    o[i] = q.scale() * (src[i] - q.zeroPoint());
                }
            };
        }
        Quantization qo = out.quantization();
        int qmin = out.dataType().qmin();
        int qmax = out.dataType().qmax();
        if (in.dataType() == DataType.FLOAT32) {
            return v -> {
                float[] src = v.floats[x];
                int[] o = v.ints[y] = new int[n];
                for (int i = 0; i < n; i++) {
                    int q = FixedPoint.roundHalfAway(src[i] / qo.scale()) + qo.zeroPoint();
                    o[i] = Math.min(Math.max(q, qmin), qmax);
                }
            };
        }
        Quantization qi = in.quantization();
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier((double) qi.scale() / qo.scale());
        return v -> {
            int[] src = v.ints[x];
            int[] o = v.ints[y] = new int[n];
            for (int i = 0; i < n; i++) {
                int q = m.apply(src[i] - qi.zeroPoint()) + qo.zeroPoint();
                o[i] = Math.min(Math.max(q, qmin), qmax);
            }
        };
    }
}
