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
        // exhaustive by Op.Visitor: a new op fails compilation here until it says whether OpenBLAS runs it
        return node.op().accept(new Op.Visitor<Kernel>() {
            public Kernel conv2d(Op.Conv2d op) {
                return GemmConvolution.conv2d(g, node, op, weights, scratch);
            }

            public Kernel depthwiseConv2d(Op.DepthwiseConv2d op) {
                return DepthwiseConvolution.prepare(g, node, op, scratch);
            }

            public Kernel fullyConnected(Op.FullyConnected op) {
                return GemmConvolution.fullyConnected(g, node, op, weights, scratch);
            }

            // the rest cost little next to the convolutions: the reference kernels run them (null)
            public Kernel averagePool2d(Op.AveragePool2d op) {
                return null;
            }

            public Kernel globalAveragePool(Op.GlobalAveragePool op) {
                return null;
            }

            public Kernel add(Op.Add op) {
                return null;
            }

            public Kernel mul(Op.Mul op) {
                return null;
            }

            public Kernel clamp(Op.Clamp op) {
                return null;
            }

            public Kernel hardSwish(Op.HardSwish op) {
                return null;
            }

            public Kernel hardSigmoid(Op.HardSigmoid op) {
                return null;
            }

            public Kernel sigmoid(Op.Sigmoid op) {
                return null;
            }

            public Kernel reshape(Op.Reshape op) {
                return null;
            }

            public Kernel softmax(Op.Softmax op) {
                return null;
            }

            public Kernel quantize(Op.Quantize op) {
                return null;
            }

            public Kernel dequantize(Op.Dequantize op) {
                return null;
            }
        });
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
