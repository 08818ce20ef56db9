package org.mobilenet4j.backend.reference;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.internal.RunGuard;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Tensor;
import org.mobilenet4j.graph.TensorType;

/**
 * A graph prepared for the reference kernels. {@link #run} is thread-safe: each call works on its own
 * tensor arrays; the prepared weights are shared and never written. {@link #close()} waits for running calls
 * (as the native backends do), is idempotent, and {@link #run} or {@link #graph()} after it throw
 * {@link IllegalStateException}.
 */
final class ReferenceExecutable implements Executable {
    private final Graph graph;
    private final List<Kernel> kernels = new ArrayList<>();
    private final Values constants;
    private final RunGuard guard = new RunGuard("executable");
    private final java.util.concurrent.ConcurrentLinkedDeque<float[][]> reuse =
            new java.util.concurrent.ConcurrentLinkedDeque<>();

    ReferenceExecutable(Graph graph, KernelFactory faster) {
        this.graph = graph;
        this.constants = new Values(graph.tensors().size());
        for (Tensor t : graph.tensors()) {
            if (t.isConstant()) {
                if (t.type().dataType() == DataType.FLOAT32) {
                    constants.floats[t.id()] = t.data().toFloatArray();
                } else {
                    constants.ints[t.id()] = t.data().toIntArray(t.type().dataType());
                }
            }
        }
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            try {
                Kernel k = faster == null ? null : faster.prepare(graph, node);
                kernels.add(k != null ? k : prepare(node));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("node " + i + " (" + node.op().kind() + " '" + node.name() + "'): "
                        + e.getMessage(), e);
            }
        }
    }

    /** The reference kernel of every op: exhaustive by {@link Op.Visitor} (a new op fails compilation here). */
    private Kernel prepare(Node node) {
        return node.op().accept(new Op.Visitor<Kernel>() {
            public Kernel conv2d(Op.Conv2d op) {
                return Conv2dKernel.prepare(graph, node, op);
            }

            public Kernel depthwiseConv2d(Op.DepthwiseConv2d op) {
                return DepthwiseConv2dKernel.prepare(graph, node, op);
            }

            public Kernel fullyConnected(Op.FullyConnected op) {
                return FullyConnectedKernel.prepare(graph, node, op);
            }

            public Kernel averagePool2d(Op.AveragePool2d op) {
                return PoolingKernel.prepare(graph, node, op);
            }

            public Kernel globalAveragePool(Op.GlobalAveragePool op) {
                return PoolingKernel.prepare(graph, node, op);
            }

            public Kernel add(Op.Add op) {
                return ElementwiseKernel.prepare(graph, node, op);
            }

            public Kernel mul(Op.Mul op) {
                return ElementwiseKernel.prepare(graph, node, op);
            }

            public Kernel clamp(Op.Clamp op) {
                return ActivationKernel.prepare(graph, node, op);
            }

            public Kernel hardSwish(Op.HardSwish op) {
                return ActivationKernel.prepare(graph, node, op);
            }

            public Kernel hardSigmoid(Op.HardSigmoid op) {
                return ActivationKernel.prepare(graph, node, op);
            }

            public Kernel sigmoid(Op.Sigmoid op) {
                return ActivationKernel.prepare(graph, node, op);
            }

            public Kernel reshape(Op.Reshape op) {
                return ConversionKernel.prepare(graph, node, op);
            }

            public Kernel softmax(Op.Softmax op) {
                return SoftmaxKernel.prepare(graph, node, op);
            }

            public Kernel quantize(Op.Quantize op) {
                return ConversionKernel.prepare(graph, node, op);
            }

            public Kernel dequantize(Op.Dequantize op) {
                return ConversionKernel.prepare(graph, node, op);
            }
        });
    }

    @Override
    public Graph graph() {
        return guard.run(() -> graph);
    }

    @Override
    public void run(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        guard.run(() -> runOpen(inputs, outputs));
    }

    private void runOpen(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        int[] in = graph.inputs();
        int[] out = graph.outputs();
        if (inputs.length != in.length || outputs.length != out.length) {
            throw new IllegalArgumentException("graph takes " + in.length + " inputs and " + out.length
                    + " outputs, got " + inputs.length + " and " + outputs.length);
        }
        float[][] earlier = reuse.poll();
        Values v = constants.copyConstants(earlier);
        for (int i = 0; i < in.length; i++) {
            TensorIO.read(graph.tensor(in[i]).type(), inputs[i], v, in[i], "input " + i);
        }
        for (int i = 0; i < kernels.size(); i++) {
            try {
                kernels.get(i).run(v);
            } catch (RuntimeException e) {
                Node node = graph.nodes().get(i);
                throw new IllegalStateException("node " + i + " (" + node.op().kind() + " '" + node.name()
                        + "') failed: " + e, e);
            }
        }
        for (int i = 0; i < out.length; i++) {
            TensorType t = graph.tensor(out[i]).type();
            TensorIO.write(t, v, out[i], outputs[i], "output " + i);
        }
        // this run's arrays serve the next run that finds them (one set per concurrent caller)
        reuse.push(v.floats);
    }

    @Override
    public void close() {
        guard.close(reuse::clear);
    }
}
