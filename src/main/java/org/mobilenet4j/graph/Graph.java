package org.mobilenet4j.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable dataflow graph: tensors, nodes in execution order, graph inputs and outputs. It is the only
 * contract between importers (layer tables, TFLite files) and backends.
 */
public final class Graph {
    private final String name;
    private final List<Tensor> tensors;
    private final List<Node> nodes;
    private final int[] inputs;
    private final int[] outputs;

    public Graph(String name, List<Tensor> tensors, List<Node> nodes, int[] inputs, int[] outputs) {
        this.name = name;
        this.tensors = Collections.unmodifiableList(new ArrayList<>(tensors));
        this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
        validate();
    }

    private void validate() {
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i).id() != i) {
                throw new IllegalArgumentException("tensor ids must be their positions: " + tensors.get(i));
            }
        }
        boolean[] defined = new boolean[tensors.size()];
        for (int in : inputs) {
            defined[checkId(in, "graph input")] = true;
        }
        for (Tensor t : tensors) {
            if (t.isConstant()) {
                defined[t.id()] = true;
            }
        }
        for (int n = 0; n < nodes.size(); n++) {
            Node node = nodes.get(n);
            for (int in : node.inputs()) {
                if (in < 0) {
                    continue;
                }
                if (!defined[checkId(in, "input of node " + n)]) {
                    throw new IllegalArgumentException("node " + n + " (" + node + ") reads tensor "
                            + tensors.get(in) + " before it is computed");
                }
            }
            for (int out : node.outputs()) {
                if (defined[checkId(out, "output of node " + n)]) {
                    throw new IllegalArgumentException("node " + n + " (" + node + ") writes tensor " + tensors.get(out)
                            + ", which is a graph input, a constant or already written");
                }
                defined[out] = true;
            }
        }
        for (int out : outputs) {
            if (!defined[checkId(out, "graph output")]) {
                throw new IllegalArgumentException("graph output " + tensors.get(out) + " is never computed");
            }
        }
    }

    private int checkId(int id, String what) {
        if (id < 0 || id >= tensors.size()) {
            throw new IllegalArgumentException(what + " refers to tensor " + id + " of " + tensors.size());
        }
        return id;
    }

    public String name() {
        return name;
    }

    public List<Tensor> tensors() {
        return tensors;
    }

    public Tensor tensor(int id) {
        return tensors.get(id);
    }

    public List<Node> nodes() {
        return nodes;
    }

    public int[] inputs() {
        return inputs.clone();
    }

    public int[] outputs() {
        return outputs.clone();
    }

    public TensorType inputType(int i) {
        return tensors.get(inputs[i]).type();
    }

    public TensorType outputType(int i) {
        return tensors.get(outputs[i]).type();
    }

    /** The id of the tensor named {@code tensorName}; {@link IllegalArgumentException} if none or several have it. */
    public int tensorId(String tensorName) {
        int found = -1;
        for (Tensor t : tensors) {
            if (t.name().equals(tensorName)) {
                if (found >= 0) {
                    throw new IllegalArgumentException(name + ": several tensors are named '" + tensorName + "'");
                }
                found = t.id();
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException(name + " has no tensor named '" + tensorName + "'");
        }
        return found;
    }

    /** {@link #withOutputs(int...)} with the tensors given by name. */
    public Graph withOutputs(String... tensorNames) {
        return withOutputs(Arrays.stream(tensorNames).mapToInt(this::tensorId).toArray());
    }

    /**
     * This graph with {@code tensorIds} as its outputs, in that order, and only the nodes they depend on (the
     * others are pruned; tensor ids are unchanged, so ids of this graph keep naming the same tensors). Any tensor
     * a node computes may be an output, e.g. the input of a classifier's logits layer.
     */
    public Graph withOutputs(int... tensorIds) {
        if (tensorIds.length == 0) {
            throw new IllegalArgumentException(name + ": select at least one output");
        }
        boolean[] needed = new boolean[tensors.size()];
        boolean[] computed = new boolean[tensors.size()];
        for (Node n : nodes) {
            for (int o : n.outputs()) {
                computed[o] = true;
            }
        }
        for (int id : tensorIds) {
            checkId(id, "selected output");
            if (!computed[id]) {
                throw new IllegalArgumentException(name + ": tensor " + tensors.get(id)
                        + " is a graph input or a constant; only a tensor some node computes can be an output");
            }
            needed[id] = true;
        }
        List<Node> kept = new ArrayList<>();
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node n = nodes.get(k);
            boolean live = false;
            for (int o : n.outputs()) {
                live |= needed[o];
            }
            if (live) {
                kept.add(n);
                for (int i : n.inputs()) {
                    if (i >= 0) {
                        needed[i] = true;
                    }
                }
            }
        }
        Collections.reverse(kept);
        return new Graph(name, tensors, kept, inputs, tensorIds);
    }

    /**
     * This graph followed by {@code next}, whose single input is fed by this graph's single output: a
     * backbone and a classifier head become one classifier. The two tensors must have the same element
     * count, type and quantization (a reshape is inserted if only the shapes differ).
     */
    public Graph then(Graph next) {
        if (outputs.length != 1 || next.inputs.length != 1) {
            throw new IllegalArgumentException("chaining needs one output and one input, got "
                    + outputs.length + " and " + next.inputs.length);
        }
        TensorType out = outputType(0);
        TensorType in = next.inputType(0);
        if (out.elementCount() != in.elementCount() || out.dataType() != in.dataType()
                || !java.util.Objects.equals(out.quantization(), in.quantization())) {
            throw new IllegalArgumentException("cannot feed " + out + " into " + in);
        }
        List<Tensor> all = new ArrayList<>(tensors);
        List<Node> allNodes = new ArrayList<>(nodes);
        int offset = tensors.size();
        for (Tensor t : next.tensors) {
            all.add(new Tensor(t.id() + offset, t.name(), t.type(), t.data(), t.isFoldedBatchNorm()));
        }
        allNodes.add(new Node(new Op.Reshape(), new int[] {outputs[0]}, new int[] {next.inputs[0] + offset},
                "chain"));
        for (Node n : next.nodes) {
            int[] ins = n.inputs();
            for (int i = 0; i < ins.length; i++) {
                ins[i] = ins[i] < 0 ? -1 : ins[i] + offset;
            }
            int[] outs = n.outputs();
            for (int i = 0; i < outs.length; i++) {
                outs[i] += offset;
            }
            allNodes.add(new Node(n.op(), ins, outs, n.name()));
        }
        int[] newOutputs = Arrays.stream(next.outputs).map(o -> o + offset).toArray();
        return new Graph(name + " + " + next.name, all, allNodes, inputs, newOutputs);
    }

    @Override
    public String toString() {
        return "Graph '" + name + "': " + nodes.size() + " nodes, " + tensors.size() + " tensors";
    }
}
