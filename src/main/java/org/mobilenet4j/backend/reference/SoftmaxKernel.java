package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * Softmax over the last axis: exp(beta * (x - max)) / sum. Quantized: computed in float from the
 * dequantized inputs, y = round(p / y_scale) + y_zp (uint8 outputs have scale 1/256, zero point 0). TFLite's
 * older fixed-point exp can differ from this by one step.
 */
final class SoftmaxKernel {
    private SoftmaxKernel() {
    }

    static Kernel prepare(Graph g, Node node, Op.Softmax op) {
        TensorType in = g.tensor(node.input(0)).type();
        TensorType out = g.tensor(node.output(0)).type();
        int depth = in.dim(-1);
        int rows = (int) (in.elementCount() / depth);
        int x = node.input(0);
        int y = node.output(0);
        float beta = op.beta();
        if (in.dataType() == DataType.FLOAT32) {
            return v -> {
                float[] src = v.floats[x];
                float[] o = v.floats[y] = new float[rows * depth];
                for (int r = 0; r < rows; r++) {
                    softmax(src, r * depth, depth, beta, 1f, o);
                }
            };
        }
        Quantization qi = in.quantization();
        Quantization qo = out.quantization();
        float inverseScale = 1f / qo.scale();
        int qmin = out.dataType().qmin();
        int qmax = out.dataType().qmax();
        return v -> {
            int[] src = v.ints[x];
            int[] o = v.ints[y] = new int[rows * depth];
            float[] real = new float[depth];
            float[] p = new float[depth];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < depth; i++) {
                    real[i] = src[r * depth + i] - qi.zeroPoint();
                }
                softmax(real, 0, depth, beta, qi.scale(), p);
                for (int i = 0; i < depth; i++) {
                    int q = FixedPoint.roundHalfAway(p[i] * inverseScale) + qo.zeroPoint();
                    o[r * depth + i] = Math.min(Math.max(q, qmin), qmax);
                }
            }
        };
    }

    /** out[i - offset] for one row: softmax of scale * src[offset..offset+depth). */
    private static void softmax(float[] src, int offset, int depth, float beta, float scale, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < depth; i++) {
            max = Math.max(max, src[offset + i]);
        }
        double sum = 0;
        int outOffset = out.length == depth ? 0 : offset;
        for (int i = 0; i < depth; i++) {
            float e = (float) Math.exp((double) beta * scale * (src[offset + i] - max));
            out[outOffset + i] = e;
            sum += e;
        }
        for (int i = 0; i < depth; i++) {
            out[outOffset + i] = (float) (out[outOffset + i] / sum);
        }
    }
}
