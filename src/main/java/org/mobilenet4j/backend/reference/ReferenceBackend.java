package org.mobilenet4j.backend.reference;

import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.internal.CompileErrors;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.MemoryBudget;
import org.mobilenet4j.graph.Graph;

/**
 * The plain-Java executor: one clear kernel per op, float32 and TFLite-exact integer arithmetic. It is the
 * test oracle every faster backend is checked against, and runs anywhere Java runs. Single-threaded.
 */
public final class ReferenceBackend implements Backend {

    @Override
    public int preference() {
        return 2;
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Executable compile(Graph graph, BackendOptions options) {
        Graph g = CompileErrors.validated(graph);
        MemoryBudget.check(g, options.memoryBudget());
        try {
            return new ReferenceExecutable(g, null);
        } catch (RuntimeException e) {
            throw CompileErrors.unsupported(name(), g, e);
        }
    }

    /**
     * The reference executor with some kernels replaced: {@code faster} is asked first for each node. Runs are
     * thread-safe if the supplied kernels are.
     */
    public static Executable compile(Graph graph, KernelFactory faster) {
        return new ReferenceExecutable(org.mobilenet4j.graph.GraphValidator.validate(graph), faster);
    }
}
