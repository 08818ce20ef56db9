package org.mobilenet4j.graph;

import java.util.Objects;

/** A value in the graph: an activation (data null) or a constant (weights, biases). Immutable. */
public final class Tensor {
    private final int id;
    private final String name;
    private final TensorType type;
    private final ConstantData data;
    private final boolean foldedBatchNorm;

    public Tensor(int id, String name, TensorType type, ConstantData data) {
        this(id, name, type, data, false);
    }

    /**
     * @param foldedBatchNorm true for a bias that only holds a folded batch norm: stored in the model but not
     *                        a trained parameter as the MobileNet papers count them
     */
    public Tensor(int id, String name, TensorType type, ConstantData data, boolean foldedBatchNorm) {
        this.id = id;
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.data = data;
        this.foldedBatchNorm = foldedBatchNorm;
        if (data != null && data.byteSize() != type.byteSize()) {
            throw new IllegalArgumentException("constant tensor '" + name + "' " + type + " needs "
                    + type.byteSize() + " bytes, has " + data.byteSize());
        }
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public TensorType type() {
        return type;
    }

    public boolean isConstant() {
        return data != null;
    }

    /** Constant bytes, or null for activations. */
    public ConstantData data() {
        return data;
    }

    public boolean isFoldedBatchNorm() {
        return foldedBatchNorm;
    }

    @Override
    public String toString() {
        return "#" + id + " " + name + " " + type;
    }
}
