package org.mobilenet4j.backend.openblas;

import java.nio.ByteBuffer;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.internal.ResourcePool;
import org.mobilenet4j.backend.internal.RunGuard;
import org.mobilenet4j.backend.reference.Kernel;
import org.mobilenet4j.backend.reference.KernelFactory;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;

/**
 * A float graph on OpenBLAS: the reference executor with GEMM convolutions and the fast depthwise kernel.
 * Filters live in native memory, packed once; each concurrent caller gets its own scratch, so {@link #run} is
 * thread-safe. {@link #close()} waits for running calls, frees the native memory, and is idempotent.
 */
final class OpenblasExecutable implements Executable {
    private final Graph graph;
    private final int threads;
    private final NativeWeights weights = new NativeWeights();
    private final ResourcePool<Scratch> scratch = new ResourcePool<>(Scratch::new);
    private final Executable executor;
    private final RunGuard guard = new RunGuard("executable");

    OpenblasExecutable(Graph graph, int threads) {
        this.graph = graph;
        this.threads = threads;
        KernelFactory gemm = this::fastKernel;
        try {
            this.executor = ReferenceBackend.compile(graph, gemm);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private Kernel fastKernel(Graph g, Node node) {
        if (g.tensor(node.input(0)).type().dataType() != DataType.FLOAT32) {
            return null;
        }
        Op op = node.op();
        if (op instanceof Op.Conv2d c) {
            return GemmConvolution.conv2d(g, node, c, weights, scratch);
        } else if (op instanceof Op.FullyConnected f) {
            return GemmConvolution.fullyConnected(g, node, f, weights, scratch);
        } else if (op instanceof Op.DepthwiseConv2d d) {
            return DepthwiseConvolution.prepare(g, node, d, scratch);
        }
        return null;
    }

    @Override
    public Graph graph() {
        return guard.run(() -> graph);
    }

    @Override
    public void run(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        guard.run(() -> Blas.withThreads(threads, () -> executor.run(inputs, outputs)));
    }

    @Override
    public void close() {
        guard.close(() -> {
            executor.close();
            scratch.close();
            weights.close();
        });
    }
}
