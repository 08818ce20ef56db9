package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * 2-D convolution, NHWC input, filter [O, KH, KW, I]. Float: plain sums, then the fused clamp. Quantized
 * (uint8 per-tensor, int8 per-channel): int32 sums of (x - x_zp) * (w - w_zp) plus the int32 bias, scaled
 * by x_scale * w_scale / y_scale in TFLite fixed point, plus y_zp, clamped. Zero padding means the input
 * zero point. The filter is kept transposed to [KH, KW, I, O] so the inner loop runs over contiguous
 * output channels.
 */
final class Conv2dKernel {
    private Conv2dKernel() {
    }

    static Kernel prepare(Graph g, Node node, Op.Conv2d op) {
        TensorType in = g.tensor(node.input(0)).type();
        TensorType out = g.tensor(node.output(0)).type();
        ConvGeometry geo = ConvGeometry.ofConv2d(g, node, op);
        int x = node.input(0);
        int y = node.output(0);
        int taps = geo.kH() * geo.kW();
        int inC = geo.inC();
        int outC = geo.outC();
        if (in.dataType() == org.mobilenet4j.graph.DataType.FLOAT32) {
            float[] w = Weights.floats(g, node.input(1));
            float[] wt = new float[w.length];
            for (int o = 0; o < outC; o++) {
                for (int t = 0; t < taps; t++) {
                    for (int i = 0; i < inC; i++) {
                        wt[(t * inC + i) * outC + o] = w[(o * taps + t) * inC + i];
                    }
                }
            }
            float[] bias = Weights.floatBias(g, node.input(2), outC);
            float lo = op.activation().min();
            float hi = op.activation().max();
            return v -> runFloat(geo, v.floats[x], wt, bias, lo, hi, v.floats[y] = new float[(int) out.elementCount()]);
        }
        Quantization fq = g.tensor(node.input(1)).type().quantization();
        int[] w = Weights.ints(g, node.input(1));
        int[] wt = new int[w.length];
        for (int o = 0; o < outC; o++) {
            int zp = fq.zeroPoint(fq.isPerTensor() ? 0 : o);
            for (int t = 0; t < taps; t++) {
                for (int i = 0; i < inC; i++) {
                    wt[(t * inC + i) * outC + o] = w[(o * taps + t) * inC + i] - zp;
                }
            }
        }
        // TFLite's int8 convolutions run as a matrix product in ruy, which rounds once
        QuantizedOutput q = QuantizedOutput.of(g, node, op.activation(), outC,
                in.dataType() == org.mobilenet4j.graph.DataType.INT8);
        return v -> runQuantized(geo, v.ints[x], q.inputZeroPoint(), wt, q,
                v.ints[y] = new int[(int) out.elementCount()]);
    }

    private static void runFloat(ConvGeometry geo, float[] in, float[] wt, float[] bias, float lo, float hi,
                                 float[] out) {
        int outC = geo.outC();
        int inC = geo.inC();
        float[] acc = new float[outC];
        geo.forEachWindow((outBase, inBases, taps, count) -> {
            System.arraycopy(bias, 0, acc, 0, outC);
            for (int t = 0; t < count; t++) {
                int inBase = inBases[t];
                int wBase = taps[t] * inC * outC;
                for (int i = 0; i < inC; i++) {
                    float xv = in[inBase + i];
                    int row = wBase + i * outC;
                    for (int o = 0; o < outC; o++) {
                        acc[o] += xv * wt[row + o];
                    }
                }
            }
            for (int o = 0; o < outC; o++) {
                out[outBase + o] = Math.min(Math.max(acc[o], lo), hi);
            }
        });
    }

    private static void runQuantized(ConvGeometry geo, int[] in, int inZp, int[] wt, QuantizedOutput q, int[] out) {
        int outC = geo.outC();
        int inC = geo.inC();
        int[] acc = new int[outC];
        geo.forEachWindow((outBase, inBases, taps, count) -> {
            System.arraycopy(q.bias(), 0, acc, 0, outC);
            for (int t = 0; t < count; t++) {
                int inBase = inBases[t];
                int wBase = taps[t] * inC * outC;
                for (int i = 0; i < inC; i++) {
                    int xv = in[inBase + i] - inZp;
                    int row = wBase + i * outC;
                    for (int o = 0; o < outC; o++) {
                        acc[o] += xv * wt[row + o];
                    }
                }
            }
            q.write(acc, out, outBase);
        });
    }
}
