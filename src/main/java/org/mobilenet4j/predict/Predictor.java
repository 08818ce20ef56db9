package org.mobilenet4j.predict;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.internal.ResourcePool;
import org.mobilenet4j.backend.internal.RunGuard;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.ModelException;

/**
 * A compiled graph with named inputs and outputs: the one layer every task runs on. To read an inner tensor
 * (an embedding), compile {@link Graph#withOutputs} of it.
 *
 * <p>{@link #graph()} is the graph that runs, which a backend may have changed from the one given (OpenBLAS
 * runs a quantized graph dequantized: float outputs); its input and output types are the tensors' types.
 *
 * <p>Thread safety: {@link #predict} and {@link #run} may be called from many threads at once. Every
 * concurrent caller gets its own input and output tensors from a pool (a call allocates no native memory once
 * the pool holds as many as the most concurrent callers seen) and its own backend workspace. {@link #close()}
 * is idempotent, waits for running calls, and frees the native memory; calls after it throw
 * {@link IllegalStateException}. A predictor never closed is freed once unreachable.
 */
public final class Predictor implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Executable executable;
    private final Graph graph;
    private final String backend;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final ResourcePool<Slot> slots;
    private final RunGuard guard;
    private final Cleaner.Cleanable cleanable;

    /** One caller's tensors. */
    private record Slot(Tensors inputs, Tensors outputs) implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    private Predictor(Graph graph, Backend backend, BackendOptions options, String owner) {
        Objects.requireNonNull(graph, "graph");
        this.guard = new RunGuard(owner);
        Backend b = backend != null ? backend : Backends.best();
        this.executable = b.compile(graph, Objects.requireNonNull(options, "options"));
        this.backend = b.name();
        this.graph = executable.graph();
        this.inputNames = names(graph.inputs());
        this.outputNames = names(graph.outputs());
        TensorType[] in = types(this.graph.inputs());
        TensorType[] out = types(this.graph.outputs());
        this.slots = new ResourcePool<>(() -> new Slot(new Tensors(inputNames, in), new Tensors(outputNames, out)));
        Executable exe = executable;
        this.cleanable = CLEANER.register(this, exe::close);
    }

    /**
     * Compiles {@code graph} on {@code backend} ({@link Backends#best()} if null) with {@code numThreads} threads
     * per call. A graph the backend cannot run is a {@link ModelException}.
     */
    public static Predictor create(Graph graph, Backend backend, int numThreads) {
        return new Predictor(graph, backend, new BackendOptions(numThreads), "Predictor");
    }

    /** {@link #create(Graph, Backend, int)} with every backend option (threads, memory budget). */
    public static Predictor create(Graph graph, Backend backend, BackendOptions options) {
        return new Predictor(graph, backend, options, "Predictor");
    }

    /**
     * {@link #create(Graph, Backend, BackendOptions)} for a task built on it: {@code owner} ("ImageClassifier")
     * names the closed object in the message of a call after {@link #close()}.
     */
    public static Predictor create(Graph graph, Backend backend, BackendOptions options, String owner) {
        return new Predictor(graph, backend, options, Objects.requireNonNull(owner, "owner"));
    }

    /** {@link #create(Graph, Backend, int)} on the best backend, one thread per call. */
    public static Predictor create(Graph graph) {
        return new Predictor(graph, null, BackendOptions.defaults(), "Predictor");
    }

    private List<String> names(int[] ids) {
        List<String> n = new ArrayList<>();
        for (int id : ids) {
            n.add(executable.graph().tensor(id).name());
        }
        return List.copyOf(n);
    }

    private TensorType[] types(int[] ids) {
        TensorType[] t = new TensorType[ids.length];
        for (int i = 0; i < ids.length; i++) {
            t[i] = graph.tensor(ids[i]).type();
        }
        return t;
    }

    /** The graph that runs. Throws {@link IllegalStateException} after {@link #close()}. */
    public Graph graph() {
        guard.checkOpen();
        return graph;
    }

    /** The name of the backend that runs it ("xnnpack", "openblas", "reference"). */
    public String backendName() {
        guard.checkOpen();
        return backend;
    }

    public List<String> inputNames() {
        guard.checkOpen();
        return inputNames;
    }

    public List<String> outputNames() {
        guard.checkOpen();
        return outputNames;
    }

    public TensorType inputType(int i) {
        guard.checkOpen();
        return graph.inputType(i);
    }

    public TensorType outputType(int i) {
        guard.checkOpen();
        return graph.outputType(i);
    }

    /** Pre-processes {@code input}, runs the graph, and post-processes its outputs, with this caller's tensors. */
    public <I, O> O predict(Translator<I, O> translator, I input) {
        Objects.requireNonNull(translator, "translator");
        return guard.run(() -> {
            Slot s = slots.take();
            try {
                translator.processInput(input, s.inputs());
                executable.run(s.inputs().forRun(), s.outputs().forRun());
                return translator.processOutput(s.outputs());
            } finally {
                slots.give(s);
            }
        });
    }

    /**
     * Runs ready input tensors (the input types, NHWC, each from its position in its own byte order) and
     * returns every output as floats (dequantized).
     */
    public float[][] run(ByteBuffer... inputs) {
        if (inputs.length != inputNames.size()) {
            throw new IllegalArgumentException("the graph takes " + inputNames.size() + " inputs, got " + inputs.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            long need = inputType(i).byteSize();
            if (inputs[i] == null || inputs[i].remaining() != need) {
                throw new IllegalArgumentException("input " + i + " ('" + inputNames.get(i) + "') must hold " + need
                        + " bytes for " + inputType(i) + ", got " + (inputs[i] == null ? "null" : inputs[i].remaining()));
            }
        }
        return predict(new Translator<ByteBuffer[], float[][]>() {
            @Override
            public void processInput(ByteBuffer[] in, Tensors t) {
                for (int i = 0; i < in.length; i++) {
                    t.put(i, in[i]);
                }
            }

            @Override
            public float[][] processOutput(Tensors t) {
                float[][] out = new float[t.size()][];
                for (int i = 0; i < out.length; i++) {
                    out[i] = t.floats(i);
                }
                return out;
            }
        }, inputs);
    }

    /** Frees the native memory once running calls finish. Idempotent. */
    @Override
    public void close() {
        guard.close(cleanable::clean);
    }
}
