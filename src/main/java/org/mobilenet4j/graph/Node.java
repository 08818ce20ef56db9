package org.mobilenet4j.graph;

import java.util.Objects;

/**
 * One operation applied to tensors. {@code inputs} may contain -1 for an absent optional input (a
 * convolution without bias). {@code name} says where it came from (a layer-table row, a TFLite operator).
 */
public final class Node {
    private final Op op;
    private final int[] inputs;
    private final int[] outputs;
    private final String name;

    public Node(Op op, int[] inputs, int[] outputs, String name) {
        this.op = Objects.requireNonNull(op);
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
        this.name = name == null ? op.kind() : name;
    }

    public Op op() {
        return op;
    }

    public int[] inputs() {
        return inputs.clone();
    }

    public int input(int i) {
        return i < inputs.length ? inputs[i] : -1;
    }

    public int inputCount() {
        return inputs.length;
    }

    public int[] outputs() {
        return outputs.clone();
    }

    public int output(int i) {
        return outputs[i];
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return op.kind() + " '" + name + "'";
    }
}
