package org.mobilenet4j.task;

import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;

/**
 * Finds the embedding of an image model: the input of its last fully connected layer or 1×1 logits
 * convolution (under any reshape, softmax and (de)quantize that follow it), or, when the graph does not end
 * in such a layer (an embedding extractor), the graph's output.
 */
final class EmbeddingLayer {
    private EmbeddingLayer() {
    }

    /** The id of the embedding tensor of {@code g}, which must have one output. */
    static int find(Graph g) {
        if (g.outputs().length != 1) {
            throw new IllegalArgumentException(g.name() + " has " + g.outputs().length
                    + " outputs; name the embedding layer");
        }
        int output = g.outputs()[0];
        Node n = producer(g, output);
        while (n != null && (n.op() instanceof Op.Reshape || n.op() instanceof Op.Softmax
                || n.op() instanceof Op.Quantize || n.op() instanceof Op.Dequantize)) {
            n = producer(g, n.input(0));
        }
        if (n != null && (n.op() instanceof Op.FullyConnected || isPointwiseConv(g, n))) {
            return n.input(0);
        }
        return output;
    }

    private static boolean isPointwiseConv(Graph g, Node n) {
        if (!(n.op() instanceof Op.Conv2d)) {
            return false;
        }
        int[] filter = g.tensor(n.input(1)).type().shape();
        return filter.length == 4 && filter[1] == 1 && filter[2] == 1;
    }

    private static Node producer(Graph g, int tensor) {
        for (Node n : g.nodes()) {
            for (int o : n.outputs()) {
                if (o == tensor) {
                    return n;
                }
            }
        }
        return null;
    }
}
