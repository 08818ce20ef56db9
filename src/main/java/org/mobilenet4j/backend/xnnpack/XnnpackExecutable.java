package org.mobilenet4j.backend.xnnpack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.internal.ResourcePool;
import org.mobilenet4j.backend.internal.RunGuard;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;

/**
 * A graph on XNNPACK. The native model (descriptions and constant data) is built once and shared; each
 * concurrent caller takes an XNNPACK runtime from a pool (one is created per concurrent caller, then reused),
 * so {@link #run} is thread-safe. Direct native-order buffers at position 0 are bound without a copy (an
 * input's capacity must hold {@link TensorBuffers#PADDING} bytes past the tensor, as {@link TensorBuffers#allocate}
 * gives); others (heap, read-only, other byte order, offset) are copied through buffers the runtime owns, floats
 * converted to native order. A runtime is re-bound only when a call brings other buffers than the last (it keeps a
 * reference to the buffers it last bound). {@link #close()} waits for running calls, frees all native memory, and
 * is idempotent.
 */
final class XnnpackExecutable implements Executable {
    private final Graph graph;
    private final int threads;
    private final int[] inputIds;
    private final int[] outputIds;
    private final int[] inputSizes;
    private final int[] outputSizes;
    private final boolean[] inputFloat;
    private final boolean[] outputFloat;
    private final XnnpackNative.NativeModel model;
    private final boolean profile;
    /** The operators' names when compiled for profiling, else null. */
    private final List<String> operators;
    private final ResourcePool<Runner> runners = new ResourcePool<>(Runner::new);
    private final RunGuard guard = new RunGuard("executable");
    /** Tensors copied through a staging buffer because the caller's could not be bound (for tests). */
    private final AtomicLong stagedCopies = new AtomicLong();
    /**
     * {@value #YIELD_WORKERS_PROPERTY}=true, read when the executable is compiled: with 2 or more threads, the
     * workers sleep after each inference instead of spinning ~25 ms for the next one. Saves a core's worth of CPU
     * in a paced loop (a camera at 30 frames/s) at the price of waking them at the next call (README, Benchmarks).
     */
    static final String YIELD_WORKERS_PROPERTY = "mobilenet4j.xnnpack.yieldWorkers";
    private final boolean yieldWorkers = Boolean.getBoolean(YIELD_WORKERS_PROPERTY);

    /**
     * A runtime, the buffers bound to its external tensors, and the staging buffers for callers whose buffers
     * cannot be bound directly.
     */
    private final class Runner implements AutoCloseable {
        final XnnpackNative.NativeRuntime runtime = new XnnpackNative.NativeRuntime(model, threads, profile);
        final ByteBuffer[] stagedInputs = new ByteBuffer[inputIds.length];
        final ByteBuffer[] stagedOutputs = new ByteBuffer[outputIds.length];
        final ByteBuffer[] boundInputs = new ByteBuffer[inputIds.length];
        final ByteBuffer[] boundOutputs = new ByteBuffer[outputIds.length];

        Runner() {
            runtime.yieldWorkers(yieldWorkers);
        }

        /**
         * Binds {@code buffer} to external tensor {@code id} unless it is already bound there: a bound buffer is
         * direct and at position 0, so the same object always means the same address.
         */
        void bind(int id, ByteBuffer[] bound, int i, ByteBuffer buffer) {
            if (bound[i] != buffer) {
                runtime.bind(id, buffer);
                bound[i] = buffer;
            }
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    XnnpackExecutable(Graph graph, int threads) {
        this(graph, threads, false);
    }

    /** With {@code profile}, XNNPACK times each of its operators in every run (see {@link #runProfiled}). */
    XnnpackExecutable(Graph graph, int threads, boolean profile) {
        this(graph, threads, profile, PatchMode.fromProperty());
    }

    XnnpackExecutable(Graph graph, int threads, boolean profile, PatchMode patches) {
        this.graph = graph;
        this.threads = threads;
        this.inputIds = graph.inputs();
        this.outputIds = graph.outputs();
        this.inputSizes = byteSizes(graph, inputIds);
        this.outputSizes = byteSizes(graph, outputIds);
        this.inputFloat = isFloat(graph, inputIds);
        this.outputFloat = isFloat(graph, outputIds);
        this.model = NativeModelWriter.write(graph);
        this.model.setInputPatches(patches.code);
        this.profile = profile;
        List<String> names = null;
        try {
            // the first runtime is built now, so a graph XNNPACK rejects fails at compile time
            Runner first = runners.take();
            runners.give(first);
            if (profile) {
                names = List.of(first.runtime.operatorNames().split("\n"));
            }
        } catch (RuntimeException e) {
            runners.close();
            model.close();
            throw e;
        }
        this.operators = names;
    }

    private static int[] byteSizes(Graph g, int[] ids) {
        int[] sizes = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            sizes[i] = Math.toIntExact(g.tensor(ids[i]).type().byteSize());
        }
        return sizes;
    }

    private static boolean[] isFloat(Graph g, int[] ids) {
        boolean[] f = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            f[i] = g.tensor(ids[i]).type().dataType() == DataType.FLOAT32;
        }
        return f;
    }

    /** How many inputs and outputs went through a staging copy so far. */
    long stagedCopies() {
        return stagedCopies.get();
    }

    @Override
    public Graph graph() {
        return guard.run(() -> graph);
    }

    /** Graph inputs handed to XNNPACK as patches ({@link PatchMode}). */
    int inputPatches() {
        Runner r = runners.peek();
        return r == null ? 0 : r.runtime.inputPatches();
    }

    /** Nodes run in float inside a quantized graph (XNNPACK has no integer node for them: see native/README.md). */
    int floatFallbacks() {
        Runner r = runners.peek();
        return r == null ? 0 : r.runtime.floatFallbacks();
    }

    @Override
    public void run(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        run(inputs, outputs, null);
    }

    /** The XNNPACK operators a run times, in order (fused graph nodes are one operator); profiling only. */
    List<String> operators() {
        return guard.run(() -> {
            checkProfiling();
            return operators;
        });
    }

    /** Runs as {@link #run} does and returns the microseconds each of {@link #operators()} took; profiling only. */
    long[] runProfiled(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        checkProfiling();
        long[] micros = new long[operators.size()];
        run(inputs, outputs, micros);
        return micros;
    }

    private void checkProfiling() {
        if (operators == null) {
            throw new IllegalStateException("this executable was not compiled for profiling");
        }
    }

    private void run(ByteBuffer[] inputs, ByteBuffer[] outputs, long[] micros) {
        if (inputs.length != inputIds.length || outputs.length != outputIds.length) {
            throw new IllegalArgumentException("graph takes " + inputIds.length + " inputs and " + outputIds.length
                    + " outputs, got " + inputs.length + " and " + outputs.length);
        }
        // the per-inference path: no lambda, no allocation, and a native bind only when a buffer changes
        guard.enter();
        try {
            Runner r = runners.take();
            try {
                for (int i = 0; i < inputs.length; i++) {
                    r.bind(inputIds[i], r.boundInputs, i, inputBuffer(r, i, inputs[i]));
                }
                for (int i = 0; i < outputs.length; i++) {
                    r.bind(outputIds[i], r.boundOutputs, i, outputBuffer(r, i, outputs[i]));
                }
                r.runtime.invoke();
                if (micros != null) {
                    r.runtime.operatorMicros(micros, micros.length);
                }
                for (int i = 0; i < outputs.length; i++) {
                    if (r.boundOutputs[i] != outputs[i]) {
                        copy(r.stagedOutputs[i].duplicate().order(ByteOrder.nativeOrder()).clear(), outputs[i],
                                outputSizes[i], outputFloat[i]);
                        stagedCopies.incrementAndGet();
                    }
                }
            } finally {
                runners.give(r);
            }
        } finally {
            guard.exit();
        }
    }

    /**
     * Whether XNNPACK can read or write the tensor's {@code size} bytes in place: a writable direct native-order
     * buffer at position 0 whose capacity holds {@code padding} more bytes past the tensor (the limit does not
     * matter: a buffer from {@link TensorBuffers#allocate} stays bindable after {@code clear()}).
     */
    private static boolean isDirectlyBindable(ByteBuffer b, int size, int padding) {
        return b.isDirect() && b.position() == 0 && b.capacity() - size >= padding && !b.isReadOnly()
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

    private ByteBuffer inputBuffer(Runner r, int i, ByteBuffer given) {
        int size = inputSizes[i];
        check(given, size, "input ", i, inputIds[i]);
        if (isDirectlyBindable(given, size, TensorBuffers.PADDING)) {
            return given;
        }
        if (r.stagedInputs[i] == null) {
            r.stagedInputs[i] = TensorBuffers.allocate(graph.tensor(inputIds[i]).type());
        }
        ByteBuffer staged = r.stagedInputs[i].clear();
        copy(given, staged, size, inputFloat[i]);
        stagedCopies.incrementAndGet();
        return staged;
    }

    private ByteBuffer outputBuffer(Runner r, int i, ByteBuffer given) {
        check(given, outputSizes[i], "output ", i, outputIds[i]);
        if (isDirectlyBindable(given, outputSizes[i], 0)) {
            return given;
        }
        if (r.stagedOutputs[i] == null) {
            r.stagedOutputs[i] = TensorBuffers.allocate(graph.tensor(outputIds[i]).type());
        }
        return r.stagedOutputs[i].clear();
    }

    private void check(ByteBuffer b, int size, String what, int index, int tensor) {
        if (b == null) {
            throw new IllegalArgumentException(what + index + " is null");
        }
        if (b.remaining() < size) {
            throw new IllegalArgumentException(what + index + " needs " + size + " bytes for "
                    + graph.tensor(tensor).type() + ", buffer has " + b.remaining());
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
