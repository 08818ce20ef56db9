package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Tensor;

/** Reads constant tensors into arrays for the reference kernels. */
public final class Weights {
    private Weights() {
    }

    public static float[] floats(Graph g, int id) {
        Tensor t = constant(g, id);
        if (t.type().dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("expected float32 constant, got " + t);
        }
        return t.data().toFloatArray();
    }

    public static int[] ints(Graph g, int id) {
        Tensor t = constant(g, id);
        return t.data().toIntArray(t.type().dataType());
    }

    /** The float bias of a layer, zeros when the optional bias input is absent. */
    public static float[] floatBias(Graph g, int id, int channels) {
        if (id < 0) {
            return new float[channels];
        }
        float[] b = floats(g, id);
        if (b.length != channels) {
            throw new IllegalArgumentException("bias " + g.tensor(id) + " has " + b.length + " values for "
                    + channels + " channels");
        }
        return b;
    }

    private static Tensor constant(Graph g, int id) {
        Tensor t = g.tensor(id);
        if (!t.isConstant()) {
            throw new IllegalArgumentException("weights must be constant: " + t);
        }
        return t;
    }
}
