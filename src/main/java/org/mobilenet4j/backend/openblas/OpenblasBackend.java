package org.mobilenet4j.backend.openblas;

import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.BackendUnavailableException;
import org.mobilenet4j.backend.internal.CompileErrors;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.MemoryBudget;
import org.mobilenet4j.graph.Dequantizer;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Tensor;

/**
 * The portable backend: no native build of ours, only bytedeco's prebuilt OpenBLAS (linux-x86_64,
 * linux-arm64, android-arm64, macOS, Windows; bytedeco publishes none for linux-armhf). Convolutions and
 * fully connected layers run as OpenBLAS {@code sgemm} ({@link GemmConvolution}); depthwise convolutions in
 * plain Java ({@link DepthwiseConvolution}); every other op on the reference kernels. Float arithmetic
 * only: a quantized graph is run dequantized ({@link Dequantizer#toFloat}), so the executable's
 * {@link Executable#graph()} keeps the quantized input but has float outputs.
 */
public final class OpenblasBackend implements Backend {

    @Override
    public int preference() {
        return 1;
    }

    @Override
    public String reasonUnavailable() {
        return unavailableReason();
    }

    @Override
    public String name() {
        return "openblas";
    }

    /** Null if OpenBLAS loads on this platform, else why not. */
    public static String unavailableReason() {
        return Blas.unavailableReason();
    }

    @Override
    public Executable compile(Graph graph, BackendOptions options) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new BackendUnavailableException(reason);
        }
        Graph g = CompileErrors.validated(graph);
        MemoryBudget.check(g, options.memoryBudget());
        try {
            g = isQuantized(g) ? Dequantizer.toFloat(g) : g;
        } catch (RuntimeException e) {
            throw CompileErrors.unsupported(name(), g, e);
        }
        try {
            return new OpenblasExecutable(g, options.numThreads());
        } catch (RuntimeException e) {
            throw CompileErrors.unsupported(name(), g, e);
        }
    }

    private static boolean isQuantized(Graph g) {
        for (Tensor t : g.tensors()) {
            if (t.type().quantization() != null) {
                return true;
            }
        }
        return false;
    }
}
