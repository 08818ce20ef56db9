package org.mobilenet4j.backend.xnnpack;

import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.BackendUnavailableException;
import org.mobilenet4j.backend.internal.CompileErrors;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.MemoryBudget;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.natives.NativeProbe;

/**
 * The native backend: the graph runs on XNNPACK (NEON on ARM, AVX/AVX-512 on x86) through the JNI library
 * built from native/ against XNNPACK 2024 (built from pinned sources by ./cppbuild.sh). Float32, uint8
 * (per-tensor, XNNPACK's qu8 kernels) and int8 (per-channel weights, qs8) graphs; in quantized graphs only
 * Softmax, HardSigmoid and windowed AveragePool2d run in float between converts (XNNPACK has no integer
 * subgraph node for them). The packed weights of a compiled graph are held once, whatever the number of
 * concurrent callers. Thread-safe.
 */
public final class XnnpackBackend implements Backend {
    private static final String NAME = "xnnpack";
    private static final NativeProbe NATIVES = new NativeProbe(XnnpackNative::load, XnnpackNative::kFloat32,
            t -> NativeProbe.noNatives("XNNPACK", t), "the XNNPACK natives are bound to another class loader of "
            + "this JVM (a JNI library serves one class loader): ");

    @Override
    public int preference() {
        return 0;
    }

    @Override
    public String reasonUnavailable() {
        return unavailableReason();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Null if the native library loads on this platform, else why not. */
    public static String unavailableReason() {
        return NATIVES.reasonUnavailable();
    }

    /** The instruction sets XNNPACK dispatches on here (cpuinfo's view), or why the natives did not load. */
    public static String isa() {
        String reason = unavailableReason();
        return reason != null ? reason : XnnpackNative.isaReport();
    }

    /**
     * The native sources this build carries, one "name version" per line: XNNPACK and pthreadpool (Debian
     * source versions), cpuinfo (Debian package version) and the platform; or why the natives did not load.
     */
    public static String nativeVersions() {
        String reason = unavailableReason();
        return reason != null ? reason : XnnpackNative.nativeVersions();
    }

    @Override
    public Executable compile(Graph graph, BackendOptions options) {
        return compile(graph, options, false);
    }

    /** {@link #compile(Graph, BackendOptions)}, with XNNPACK timing each operator when {@code profile}. */
    static XnnpackExecutable compile(Graph graph, BackendOptions options, boolean profile) {
        return compile(graph, options, profile, PatchMode.fromProperty());
    }

    /** With {@code patches} saying which 8-bit image inputs go to XNNPACK as patches. */
    static XnnpackExecutable compile(Graph graph, BackendOptions options, boolean profile, PatchMode patches) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new BackendUnavailableException(reason);
        }
        Graph g = CompileErrors.validated(graph);
        MemoryBudget.check(g, options.memoryBudget());
        try {
            return new XnnpackExecutable(g, options.numThreads(), profile, patches);
        } catch (RuntimeException e) {
            throw CompileErrors.unsupported(NAME, g, e);
        }
    }
}
