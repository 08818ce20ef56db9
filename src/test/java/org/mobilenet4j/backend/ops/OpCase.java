package org.mobilenet4j.backend.ops;

import java.util.List;
import org.mobilenet4j.graph.Graph;

/**
 * One generated case of the per-op suite: a graph around one op (its {@link #signature}), the real values of
 * its inputs, and for 8-bit cases the real-valued answer the float reference kernels give on the same grid
 * values ({@code oracle}; null for float cases, where the float reference itself is the answer).
 */
public record OpCase(String name, String signature, Graph graph, List<float[]> inputs, float[] oracle) {
    @Override
    public String toString() {
        return name;
    }
}
