package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.TensorType;

/**
 * Fully connected: the input is flattened to [N, I] (I = the filter's second dimension), filter [O, I],
 * output [N, O]. Arithmetic as in {@link Conv2dKernel}.
 */
final class FullyConnectedKernel {
    private FullyConnectedKernel() {
    }

    static Kernel prepare(Graph g, Node node, Op.FullyConnected op) {
        TensorType in = g.tensor(node.input(0)).type();
        TensorType filter = g.tensor(node.input(1)).type();
        MatrixShape shape = MatrixShape.ofFullyConnected(g, node);
        int inC = shape.depth();
        int outC = shape.cols();
        int batch = shape.rows();
        int x = node.input(0);
        int y = node.output(0);
        if (in.dataType() == DataType.FLOAT32) {
            float[] w = Weights.floats(g, node.input(1));
            float[] bias = Weights.floatBias(g, node.input(2), outC);
            float lo = op.activation().min();
            float hi = op.activation().max();
            return v -> {
                float[] src = v.floats[x];
                float[] o = v.floats[y] = new float[batch * outC];
                for (int b = 0; b < batch; b++) {
                    for (int oc = 0; oc < outC; oc++) {
                        float acc = bias[oc];
                        for (int i = 0; i < inC; i++) {
                            acc += src[b * inC + i] * w[oc * inC + i];
                        }
                        o[b * outC + oc] = Math.min(Math.max(acc, lo), hi);
                    }
                }
            };
        }
        var fq = filter.quantization();
        int[] raw = Weights.ints(g, node.input(1));
        int[] w = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            w[i] = raw[i] - fq.zeroPoint(fq.isPerTensor() ? 0 : i / inC);
        }
        QuantizedOutput q = QuantizedOutput.of(g, node, op.activation(), outC);
        return v -> {
            int[] src = v.ints[x];
            int[] o = v.ints[y] = new int[batch * outC];
            int[] acc = new int[outC];
            int zp = q.inputZeroPoint();
            for (int b = 0; b < batch; b++) {
                for (int oc = 0; oc < outC; oc++) {
                    int a = q.bias()[oc];
                    for (int i = 0; i < inC; i++) {
                        a += (src[b * inC + i] - zp) * w[oc * inC + i];
                    }
                    acc[oc] = a;
                }
                q.write(acc, o, b * outC);
            }
        };
    }
}
