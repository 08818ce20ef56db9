package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * Depthwise 2-D convolution, NHWC input with C channels, filter [1, KH, KW, C * M]; output channel
 * c * M + m reads input channel c. Arithmetic as in {@link Conv2dKernel}.
 */
final class DepthwiseConv2dKernel {
    private DepthwiseConv2dKernel() {
    }

    static Kernel prepare(Graph g, Node node, Op.DepthwiseConv2d op) {
        TensorType in = g.tensor(node.input(0)).type();
        TensorType filter = g.tensor(node.input(1)).type();
        TensorType out = g.tensor(node.output(0)).type();
        int m = op.depthMultiplier();
        ConvGeometry geo = ConvGeometry.ofDepthwise(g, node, op);
        int x = node.input(0);
        int y = node.output(0);
        int outC = geo.outC();
        if (in.dataType() == DataType.FLOAT32) {
            float[] w = Weights.floats(g, node.input(1));
            float[] bias = Weights.floatBias(g, node.input(2), outC);
            float lo = op.activation().min();
            float hi = op.activation().max();
            return v -> {
                float[] o = v.floats[y] = new float[(int) out.elementCount()];
                float[] acc = new float[outC];
                float[] src = v.floats[x];
                geo.forEachWindow((outBase, inBases, taps, count) -> {
                    System.arraycopy(bias, 0, acc, 0, outC);
                    for (int t = 0; t < count; t++) {
                        int ib = inBases[t];
                        int wb = taps[t] * outC;
                        if (m == 1) {
                            for (int c = 0; c < outC; c++) {
                                acc[c] += src[ib + c] * w[wb + c];
                            }
                        } else {
                            for (int c = 0; c < outC; c++) {
                                acc[c] += src[ib + c / m] * w[wb + c];
                            }
                        }
                    }
                    for (int c = 0; c < outC; c++) {
                        o[outBase + c] = Math.min(Math.max(acc[c], lo), hi);
                    }
                });
            };
        }
        Quantization fq = filter.quantization();
        int[] raw = Weights.ints(g, node.input(1));
        int[] w = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            w[i] = raw[i] - fq.zeroPoint(fq.isPerTensor() ? 0 : i % outC);
        }
        QuantizedOutput q = QuantizedOutput.of(g, node, op.activation(), outC);
        return v -> {
            int[] o = v.ints[y] = new int[(int) out.elementCount()];
            int[] acc = new int[outC];
            int[] src = v.ints[x];
            int zp = q.inputZeroPoint();
            geo.forEachWindow((outBase, inBases, taps, count) -> {
                System.arraycopy(q.bias(), 0, acc, 0, outC);
                for (int t = 0; t < count; t++) {
                    int ib = inBases[t];
                    int wb = taps[t] * outC;
                    for (int c = 0; c < outC; c++) {
                        acc[c] += (src[ib + c / m] - zp) * w[wb + c];
                    }
                }
                q.write(acc, o, outBase);
            });
        };
    }
}
