package org.mobilenet4j.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mult-adds and parameters of any graph, per node and in total, counted as the MobileNet papers count
 * them: a multiply-accumulate per weight use in convolutions and fully connected layers; pools,
 * activations, adds and multiplies cost nothing. Parameters are the elements of constant tensors
 * (weights and biases), each counted once, except biases that only hold a folded batch norm: the papers
 * count trained weights without batch norm. Imported models cannot tell the two apart; there every bias
 * counts.
 */
public final class GraphStats {

    /** One row of the paper's Table 1: type / stride, filter shape, input size, cost. */
    public record Layer(int node, String type, String name, String stride, String filterShape, String inputSize,
                        String outputSize, long multAdds, long params) {
    }

    private final List<Layer> layers;
    private final long multAdds;
    private final long params;

    private GraphStats(List<Layer> layers) {
        this.layers = Collections.unmodifiableList(layers);
        this.multAdds = layers.stream().mapToLong(Layer::multAdds).sum();
        this.params = layers.stream().mapToLong(Layer::params).sum();
    }

    public static GraphStats of(Graph g) {
        List<Layer> rows = new ArrayList<>();
        Set<Integer> counted = new HashSet<>();
        List<Node> nodes = g.nodes();
        for (int n = 0; n < nodes.size(); n++) {
            Node node = nodes.get(n);
            long params = 0;
            for (int in : node.inputs()) {
                if (in >= 0 && g.tensor(in).isConstant() && !g.tensor(in).isFoldedBatchNorm() && counted.add(in)) {
                    params += g.tensor(in).type().elementCount();
                }
            }
            TensorType x = g.tensor(node.input(0)).type();
            TensorType y = g.tensor(node.output(0)).type();
            rows.add(describe(n, node, g, x, y, params));
        }
        return new GraphStats(rows);
    }

    /** One row per node: exhaustive by {@link Op.Visitor} (a new op fails compilation here). */
    private static Layer describe(int n, Node node, Graph g, TensorType x, TensorType y, long params) {
        String in = x.shapeString();
        String out = y.shapeString();
        return node.op().accept(new Op.Visitor<Layer>() {
            public Layer conv2d(Op.Conv2d c) {
                TensorType f = g.tensor(node.input(1)).type();
                long macs = y.elementCount() / y.dim(3) * y.dim(3) * (long) f.dim(1) * f.dim(2) * f.dim(3);
                String type = f.dim(1) == 1 && f.dim(2) == 1 ? "Conv 1x1" : "Conv";
                return new Layer(n, type, node.name(), "s" + c.strideH(),
                        f.dim(1) + "x" + f.dim(2) + "x" + f.dim(3) + "x" + f.dim(0), in, out, macs, params);
            }

            public Layer depthwiseConv2d(Op.DepthwiseConv2d d) {
                TensorType f = g.tensor(node.input(1)).type();
                long macs = y.elementCount() * f.dim(1) * f.dim(2);
                return new Layer(n, "Conv dw", node.name(), "s" + d.strideH(),
                        f.dim(1) + "x" + f.dim(2) + "x" + f.dim(3) + " dw", in, out, macs, params);
            }

            public Layer fullyConnected(Op.FullyConnected op) {
                TensorType f = g.tensor(node.input(1)).type();
                long batch = y.elementCount() / f.dim(0);
                return new Layer(n, "FC", node.name(), "s1", f.dim(1) + "x" + f.dim(0), in, out,
                        batch * f.dim(0) * f.dim(1), params);
            }

            public Layer averagePool2d(Op.AveragePool2d p) {
                return new Layer(n, "Avg Pool", node.name(), "s" + p.strideH(),
                        "Pool " + p.filterH() + "x" + p.filterW(), in, out, 0, params);
            }

            public Layer globalAveragePool(Op.GlobalAveragePool op) {
                return new Layer(n, "Avg Pool", node.name(), "s1", "Pool " + x.dim(1) + "x" + x.dim(2), in, out, 0,
                        params);
            }

            public Layer softmax(Op.Softmax op) {
                return new Layer(n, "Softmax", node.name(), "s1", "Classifier", in, out, 0, params);
            }

            // free in the papers' count: a row with no cost
            private Layer free(Op op) {
                return new Layer(n, op.kind(), node.name(), "", "", in, out, 0, params);
            }

            public Layer add(Op.Add op) {
                return free(op);
            }

            public Layer mul(Op.Mul op) {
                return free(op);
            }

            public Layer clamp(Op.Clamp op) {
                return free(op);
            }

            public Layer hardSwish(Op.HardSwish op) {
                return free(op);
            }

            public Layer hardSigmoid(Op.HardSigmoid op) {
                return free(op);
            }

            public Layer sigmoid(Op.Sigmoid op) {
                return free(op);
            }

            public Layer reshape(Op.Reshape op) {
                return free(op);
            }

            public Layer quantize(Op.Quantize op) {
                return free(op);
            }

            public Layer dequantize(Op.Dequantize op) {
                return free(op);
            }
        });
    }

    public List<Layer> layers() {
        return layers;
    }

    public long multAdds() {
        return multAdds;
    }

    public long params() {
        return params;
    }
}
