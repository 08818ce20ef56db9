package org.mobilenet4j.backend.xnnpack;

import java.nio.ByteBuffer;
import java.util.List;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.graph.Graph;

/**
 * Where an inference spends its time on XNNPACK: a graph compiled with XNNPACK's per-operator timer
 * ({@code XNN_FLAG_BASIC_PROFILING}: one clock read after each operator), run by run. The operators are
 * XNNPACK's, in the order they run: a convolution with its fused activation is one, and names say which
 * kernel family ran ("Convolution (NHWC, F32) GEMM", "Depthwise Convolution (NHWC, QU8)"). Times are whole
 * microseconds as XNNPACK measures them, so an operator under 1 µs reads 0. For latency itself use an
 * ordinary {@link XnnpackBackend} executable: the timer costs a little per operator.
 *
 * <p>{@link #run} is thread-safe, as {@link XnnpackBackend}'s executables are. {@link #close()} frees the native
 * memory, waits for running calls, and is idempotent; calls after it throw {@link IllegalStateException}.
 */
public final class OperatorProfiler implements AutoCloseable {
    private final XnnpackExecutable executable;

    private OperatorProfiler(XnnpackExecutable executable) {
        this.executable = executable;
    }

    /**
     * Compiles {@code graph} on XNNPACK for profiling; throws as {@link XnnpackBackend#compile} does
     * ({@link org.mobilenet4j.backend.BackendUnavailableException} without the natives).
     */
    public static OperatorProfiler compile(Graph graph, BackendOptions options) {
        return new OperatorProfiler(XnnpackBackend.compile(graph, options, true));
    }

    /** The graph that runs. */
    public Graph graph() {
        return executable.graph();
    }

    /** XNNPACK's operators, in the order they run; {@link #run} times each. */
    public List<String> operators() {
        return executable.operators();
    }

    /**
     * Runs the graph once (inputs and outputs as {@link org.mobilenet4j.backend.Executable#run} takes them) and
     * returns the microseconds each of {@link #operators()} took, in that order.
     */
    public long[] run(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        return executable.runProfiled(inputs, outputs);
    }

    @Override
    public void close() {
        executable.close();
    }
}
