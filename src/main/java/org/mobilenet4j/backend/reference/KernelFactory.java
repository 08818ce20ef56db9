package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;

/**
 * Supplies faster kernels for some nodes to the reference executor, which runs every other node with its own
 * kernels (how the OpenBLAS backend puts convolutions on GEMM and keeps the rest plain Java).
 */
public interface KernelFactory {

    /** A kernel for {@code node}, or null to use the reference kernel. */
    Kernel prepare(Graph graph, Node node);
}
