package org.mobilenet4j.backend.xnnpack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.internal.ResourcePool;
import org.mobilenet4j.backend.internal.RunGuard;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.TensorType;

/**
 * A graph on XNNPACK. The native model (descriptions and constant data) is built once and shared; each
 * concurrent caller takes an XNNPACK runtime from a pool (one is created per concurrent caller, then reused),
 * so {@link #run} is thread-safe. Direct native-order buffers at position 0 are bound without a copy (inputs
 * need {@link TensorBuffers#PADDING} spare bytes, as {@link TensorBuffers#allocate} gives); others (heap,
 * read-only, other byte order, offset) are copied through buffers the runtime owns, floats converted to native
 * order. {@link #close()} waits for running calls, frees all native memory, and is
 * idempotent.
 */
final class XnnpackExecutable implements Executable {
    private final Graph graph;
    private final int threads;
    private final int[] inputIds;
    private final int[] outputIds;
    private final XnnpackNative.NativeModel model;
    private final ResourcePool<Runner> runners = new ResourcePool<>(Runner::new);
    private final RunGuard guard = new RunGuard("executable");
    /**
     * {@value #YIELD_WORKERS_PROPERTY}=true, read when the executable is compiled: with 2 or more threads, the
     * workers sleep after each inference instead of spinning ~25 ms for the next one. Saves a core's worth of CPU
     * in a paced loop (a camera at 30 frames/s) at the price of waking them at the next call (README, Benchmarks).
     */
    static final String YIELD_WORKERS_PROPERTY = "mobilenet4j.xnnpack.yieldWorkers";
    private final boolean yieldWorkers = Boolean.getBoolean(YIELD_WORKERS_PROPERTY);

    /** A runtime and the staging buffers for callers whose buffers cannot be bound directly. */
    private final class Runner implements AutoCloseable {
        final XnnpackNative.NativeRuntime runtime = new XnnpackNative.NativeRuntime(model, threads);
        final ByteBuffer[] stagedInputs = new ByteBuffer[inputIds.length];
        final ByteBuffer[] stagedOutputs = new ByteBuffer[outputIds.length];

        Runner() {
            runtime.yieldWorkers(yieldWorkers);
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    XnnpackExecutable(Graph graph, int threads) {
        this.graph = graph;
        this.threads = threads;
        this.inputIds = graph.inputs();
        this.outputIds = graph.outputs();
        this.model = NativeModelWriter.write(graph);
        try {
            // the first runtime is built now, so a graph XNNPACK rejects fails at compile time
            runners.give(runners.take());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public Graph graph() {
        return guard.run(() -> graph);
    }

    /** Nodes run in float inside a quantized graph (XNNPACK has no integer node for them: see native/README.md). */
    int floatFallbacks() {
        Runner r = runners.peek();
        return r == null ? 0 : r.runtime.floatFallbacks();
    }

    @Override
    public void run(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        if (inputs.length != inputIds.length || outputs.length != outputIds.length) {
            throw new IllegalArgumentException("graph takes " + inputIds.length + " inputs and " + outputIds.length
                    + " outputs, got " + inputs.length + " and " + outputs.length);
        }
        guard.run(() -> {
            Runner r = runners.take();
            try {
                for (int i = 0; i < inputs.length; i++) {
                    r.runtime.bind(inputIds[i], inputBuffer(r, i, inputs[i]));
                }
                for (int i = 0; i < outputs.length; i++) {
                    r.runtime.bind(outputIds[i], outputBuffer(r, i, outputs[i]));
                }
                r.runtime.invoke();
                for (int i = 0; i < outputs.length; i++) {
                    if (r.stagedOutputs[i] != null && !isDirectlyBindable(outputs[i], 0)) {
                        copy(r.stagedOutputs[i].duplicate().order(ByteOrder.nativeOrder()).clear(), outputs[i],
                                byteSize(outputIds[i]),
                                isFloat(outputIds[i]));
                    }
                }
            } finally {
                runners.give(r);
            }
        });
    }

    private int byteSize(int tensor) {
        return Math.toIntExact(graph.tensor(tensor).type().byteSize());
    }

    private static boolean isDirectlyBindable(ByteBuffer b, int padding) {
        return b.isDirect() && b.position() == 0 && b.capacity() - b.limit() >= padding && !b.isReadOnly()
                && b.order() == ByteOrder.nativeOrder();
    }

    /** Copies a tensor between buffers of possibly different byte order, element by element for floats. */
    private static void copy(ByteBuffer from, ByteBuffer to, int size, boolean isFloat) {
        ByteBuffer src = from.duplicate().order(from.order());
        src.limit(src.position() + size);
        ByteBuffer dst = to.duplicate().order(to.order());
        if (isFloat && from.order() != to.order()) {
            dst.asFloatBuffer().put(src.asFloatBuffer());
        } else {
            dst.put(src);
        }
    }

    private boolean isFloat(int tensor) {
        return graph.tensor(tensor).type().dataType() == org.mobilenet4j.graph.DataType.FLOAT32;
    }

    private ByteBuffer inputBuffer(Runner r, int i, ByteBuffer given) {
        int size = byteSize(inputIds[i]);
        check(given, size, "input " + i, graph.tensor(inputIds[i]).type());
        if (isDirectlyBindable(given, TensorBuffers.PADDING) && given.limit() >= size) {
            return given;
        }
        if (r.stagedInputs[i] == null) {
            r.stagedInputs[i] = TensorBuffers.allocate(graph.tensor(inputIds[i]).type());
        }
        ByteBuffer staged = r.stagedInputs[i].clear();
        copy(given, staged, size, isFloat(inputIds[i]));
        return staged;
    }

    private ByteBuffer outputBuffer(Runner r, int i, ByteBuffer given) {
        int size = byteSize(outputIds[i]);
        check(given, size, "output " + i, graph.tensor(outputIds[i]).type());
        if (isDirectlyBindable(given, 0)) {
            return given;
        }
        if (r.stagedOutputs[i] == null) {
            r.stagedOutputs[i] = TensorBuffers.allocate(graph.tensor(outputIds[i]).type());
        }
        return r.stagedOutputs[i].clear();
    }

    private static void check(ByteBuffer b, int size, String what, TensorType type) {
        if (b == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (b.remaining() < size) {
            throw new IllegalArgumentException(what + " needs " + size + " bytes for " + type + ", buffer has "
                    + b.remaining());
        }
    }

    @Override
    public void close() {
        guard.close(() -> {
            runners.close();
            model.close();
        });
    }
}
