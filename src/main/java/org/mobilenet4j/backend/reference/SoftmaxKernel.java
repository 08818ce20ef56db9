package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * Softmax over the last axis: exp(beta * (x - max)) / sum. Quantized, as TFLite's builtin kernel on x86: a
 * 256-entry float table of exp(-x_scale * beta * d) for each distance d below the row's maximum, a float sum
 * in order, y = p / (sum * y_scale) rounded, plus y_zp (uint8 outputs have scale 1/256, zero point 0).
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
        float[] table = expTable(qi.scale(), beta);
        boolean unsigned = out.dataType() == DataType.UINT8;
        int qmin = out.dataType().qmin();
        int qmax = out.dataType().qmax();
        float outScale = qo.scale();
        int outZp = qo.zeroPoint();
        return v -> {
            int[] src = v.ints[x];
            int[] o = v.ints[y] = new int[rows * depth];
            for (int r = 0; r < rows; r++) {
                int base = r * depth;
                int max = Integer.MIN_VALUE;
                for (int i = 0; i < depth; i++) {
                    max = Math.max(max, src[base + i]);
                }
                int offset = 255 - max;
                float sum = 0f;
                for (int i = 0; i < depth; i++) {
                    sum += table[offset + src[base + i]];
                }
                float inverse = 1.0f / (sum * outScale);
                for (int i = 0; i < depth; i++) {
                    float p = table[offset + src[base + i]] * inverse;
                    // TFLite on x86: uint8 by adding 0.5 and truncating, int8 by std::round
                    int q = unsigned ? (int) (p + 0.5f) + outZp : FixedPoint.roundHalfAway(p) + outZp;
                    o[base + i] = Math.min(Math.max(q, qmin), qmax);
                }
            }
        };
    }

    /**
     * TFLite's PopulateSoftmaxLookupTable: entry 255 - d holds expf(-x_scale * beta * d) for a distance d of 0..255
     * quantized steps below the row's maximum.
     */
    private static float[] expTable(float inputScale, float beta) {
        float scale = -inputScale * beta;
        float[] table = new float[256];
        for (int d = 0; d <= 255; d++) {
            table[255 - d] = (float) StrictMath.exp(scale * d);
        }
        return table;
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
