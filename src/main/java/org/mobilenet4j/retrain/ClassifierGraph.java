package org.mobilenet4j.retrain;

import java.util.ArrayList;
import java.util.List;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.ConstantData;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Tensor;
import org.mobilenet4j.graph.TensorType;

/**
 * A base model cut at its embedding with a trained head on top: the base's nodes up to the embedding tensor
 * (quantized ones stay quantized), then DEQUANTIZE if the embedding is quantized, RESHAPE to [1, D] if needed,
 * FULLY_CONNECTED with the head's float weights and SOFTMAX, whose output ("probability") is the graph's.
 */
final class ClassifierGraph {
    private ClassifierGraph() {
    }

    static Graph build(Graph base, int embedding, SoftmaxHead head, String name) {
        return build(base, embedding, head, name, null);
    }

    /**
     * With {@code representative} embeddings (not null), an 8-bit embedding gets a quantized head
     * ({@link QuantizedHead}): no DEQUANTIZE, integer FULLY_CONNECTED and SOFTMAX, an 8-bit output.
     */
    static Graph build(Graph base, int embedding, SoftmaxHead head, String name, List<float[]> representative) {
        Graph cut = base.withOutputs(embedding);
        List<Tensor> tensors = new ArrayList<>(cut.tensors());
        List<Node> nodes = new ArrayList<>(cut.nodes());
        TensorType type = cut.tensor(embedding).type();
        if (type.elementCount() != head.dimension()) {
            throw new IllegalArgumentException("head of dimension " + head.dimension() + " for an embedding " + type);
        }
        if (representative != null) {
            if (!type.dataType().isQuantized8() || !type.quantization().isPerTensor()) {
                throw new IllegalArgumentException("a quantized head needs an 8-bit per-tensor embedding; this one is "
                        + type);
            }
            return quantized(cut, tensors, nodes, embedding, head, name, representative);
        }
        int x = embedding;
        if (type.dataType() != DataType.FLOAT32) {
            x = add(tensors, nodes, new Op.Dequantize(), new int[] {x}, "retrained/dequantize",
                    TensorType.float32(type.shape()));
        }
        if (type.rank() != 2 || type.dim(0) != 1) {
            x = add(tensors, nodes, new Op.Reshape(), new int[] {x}, "retrained/flatten",
                    TensorType.float32(1, head.dimension()));
        }
        float[][] w = head.weights();
        float[] flat = new float[head.classes() * head.dimension()];
        for (int c = 0; c < w.length; c++) {
            System.arraycopy(w[c], 0, flat, c * head.dimension(), head.dimension());
        }
        int weights = constant(tensors, "retrained/weights", flat, head.classes(), head.dimension());
        int bias = constant(tensors, "retrained/bias", head.bias(), head.classes());
        int logits = add(tensors, nodes, new Op.FullyConnected(Activation.NONE), new int[] {x, weights, bias},
                "retrained/logits", TensorType.float32(1, head.classes()));
        int probability = add(tensors, nodes, new Op.Softmax(1f), new int[] {logits}, "probability",
                TensorType.float32(1, head.classes()));
        return new Graph(name, tensors, nodes, cut.inputs(), new int[] {probability});
    }

    private static Graph quantized(Graph cut, List<Tensor> tensors, List<Node> nodes, int embedding, SoftmaxHead head,
                                   String name, List<float[]> representative) {
        TensorType type = cut.tensor(embedding).type();
        DataType dt = type.dataType();
        int x = embedding;
        if (type.rank() != 2 || type.dim(0) != 1) {
            x = add(tensors, nodes, new Op.Reshape(), new int[] {x}, "retrained/flatten",
                    type.withShape(1, head.dimension()));
        }
        QuantizedHead.Constant w = QuantizedHead.weights(head, dt);
        QuantizedHead.Constant b = QuantizedHead.bias(head, type.quantization(), w.type().quantization());
        int weights = tensors.size();
        tensors.add(new Tensor(weights, "retrained/weights", w.type(), w.data()));
        int bias = tensors.size();
        tensors.add(new Tensor(bias, "retrained/bias", b.type(), b.data()));
        int logits = add(tensors, nodes, new Op.FullyConnected(Activation.NONE), new int[] {x, weights, bias},
                "retrained/logits", new TensorType(new int[] {1, head.classes()}, dt,
                        QuantizedHead.logits(head, representative, dt)));
        int probability = add(tensors, nodes, new Op.Softmax(1f), new int[] {logits}, "probability",
                new TensorType(new int[] {1, head.classes()}, dt, QuantizedHead.probabilities(dt)));
        return new Graph(name, tensors, nodes, cut.inputs(), new int[] {probability});
    }

    private static int constant(List<Tensor> tensors, String name, float[] values, int... shape) {
        int id = tensors.size();
        tensors.add(new Tensor(id, name, TensorType.float32(shape), ConstantData.ofFloats(values)));
        return id;
    }

    private static int add(List<Tensor> tensors, List<Node> nodes, Op op, int[] in, String name, TensorType out) {
        int id = tensors.size();
        tensors.add(new Tensor(id, name, out, null));
        nodes.add(new Node(op, in, new int[] {id}, name));
        return id;
    }
}
