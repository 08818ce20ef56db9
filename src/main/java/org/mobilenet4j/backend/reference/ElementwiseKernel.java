package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * Add and Mul with broadcasting and a fused clamp. Quantized arithmetic follows TFLite's uint8/int8
 * kernels: Add rescales both inputs to a common scale with 20 bits of headroom, sums and rescales to the
 * output; Mul multiplies the zero-point-corrected integers and rescales by x1_scale * x2_scale / y_scale.
 */
final class ElementwiseKernel {
    private ElementwiseKernel() {
    }

    static Kernel prepare(Graph g, Node node, Op op) {
        boolean isAdd = op instanceof Op.Add;
        Activation act = isAdd ? ((Op.Add) op).activation() : ((Op.Mul) op).activation();
        TensorType a = g.tensor(node.input(0)).type();
        TensorType b = g.tensor(node.input(1)).type();
        TensorType out = g.tensor(node.output(0)).type();
        int[][] maps = Broadcast.indexMaps(a, b, out);
        int[] ia = maps[0];
        int[] ib = maps[1];
        int xa = node.input(0);
        int xb = node.input(1);
        int y = node.output(0);
        int n = ia.length;
        if (out.dataType() == DataType.FLOAT32) {
            float lo = act.min();
            float hi = act.max();
            return v -> {
                float[] pa = v.floats[xa];
                float[] pb = v.floats[xb];
                float[] o = v.floats[y] = new float[n];
                for (int i = 0; i < n; i++) {
                    float r = isAdd ? pa[ia[i]] + pb[ib[i]] : pa[ia[i]] * pb[ib[i]];
                    o[i] = Math.min(Math.max(r, lo), hi);
                }
            };
        }
        Quantization qa = a.quantization();
        Quantization qb = b.quantization();
        Quantization qo = out.quantization();
        QuantRange range = QuantRange.of(act, out);
        int za = qa.zeroPoint();
        int zb = qb.zeroPoint();
        int zo = qo.zeroPoint();
        if (isAdd) {
            int leftShift = 20;
            double twiceMax = 2 * (double) Math.max(qa.scale(), qb.scale());
            FixedPoint.Multiplier ma = FixedPoint.quantizeMultiplier(qa.scale() / twiceMax);
            FixedPoint.Multiplier mb = FixedPoint.quantizeMultiplier(qb.scale() / twiceMax);
            FixedPoint.Multiplier mo = FixedPoint.quantizeMultiplier(twiceMax / ((1 << leftShift) * (double) qo.scale()));
            return v -> {
                int[] pa = v.ints[xa];
                int[] pb = v.ints[xb];
                int[] o = v.ints[y] = new int[n];
                for (int i = 0; i < n; i++) {
                    int sa = ma.apply((pa[ia[i]] - za) * (1 << leftShift));
                    int sb = mb.apply((pb[ib[i]] - zb) * (1 << leftShift));
                    o[i] = range.clamp(mo.apply(sa + sb) + zo);
                }
            };
        }
        // TFLite computes this multiplier in float before widening it.
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(qa.scale() * qb.scale() / qo.scale());
        return v -> {
            int[] pa = v.ints[xa];
            int[] pb = v.ints[xb];
            int[] o = v.ints[y] = new int[n];
            for (int i = 0; i < n; i++) {
                o[i] = range.clamp(m.apply((pa[ia[i]] - za) * (pb[ib[i]] - zb)) + zo);
            }
        };
    }
}
