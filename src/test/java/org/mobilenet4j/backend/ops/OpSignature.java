package org.mobilenet4j.backend.ops;

import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * What the per-op suite must cover of a node: its op kind and types, e.g. "Conv2d int8 per-channel",
 * "Add uint8", "Quantize float32->int8". Types are the first input's and the output's (one name when equal);
 * an 8-bit filter adds "per-channel" when it has more than one scale.
 */
final class OpSignature {
    private OpSignature() {
    }

    static String of(Graph g, Node n) {
        TensorType x = g.tensor(n.input(0)).type();
        TensorType y = g.tensor(n.output(0)).type();
        String types = x.dataType() == y.dataType() ? name(x.dataType())
                : name(x.dataType()) + "->" + name(y.dataType());
        if (n.inputCount() > 1 && n.input(1) >= 0) {
            Quantization wq = g.tensor(n.input(1)).type().quantization();
            if (g.tensor(n.input(1)).isConstant() && wq != null && !wq.isPerTensor()) {
                types += " per-channel";
            }
        }
        return n.op().kind() + " " + types;
    }

    private static String name(DataType t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
