package org.mobilenet4j.backend;

import java.util.Locale;
import org.mobilenet4j.config.NumericProperties;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Tensor;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.InvalidModelException;

/**
 * The memory a model may plan, checked by every backend before it allocates anything. A small file can
 * describe a graph whose tensors are each within {@link org.mobilenet4j.graph.GraphValidator#MAX_ELEMENTS}
 * yet together, or through a convolution's working buffers, need gigabytes; such a model is refused with
 * an {@link InvalidModelException} that gives both figures.
 *
 * <p>The estimate ({@link #estimate}) is an upper bound over the backends: every activation held at 4 bytes
 * per element at once (the reference executor keeps them all for a run), every constant as stored plus
 * widened to 4 bytes per element, and per convolution XNNPACK's indirection buffer (a pointer per output
 * pixel and kernel tap) plus the largest OpenBLAS im2col buffer.
 *
 * <p>The budget: {@link BackendOptions#memoryBudget()} (the classifier builder's {@code memoryBudget}), whose
 * default is the system property {@value #PROPERTY} (bytes, or with a suffix k, m, g) if set, else half the
 * JVM's maximum heap, at least {@value #MIN_DEFAULT_MIB} MiB. A value that is not a positive size is refused
 * ({@link NumericProperties}); any positive budget is taken, and a model refused under a small one is told in
 * the unit that shows it (a budget of 1k is "1.0 KiB"). Stateless; thread-safe.
 */
public final class MemoryBudget {
    /** System property overriding the default budget, e.g. {@code -Dmobilenet4j.memoryBudget=2g}. */
    public static final String PROPERTY = "mobilenet4j.memoryBudget";
    static final long MIN_DEFAULT_MIB = 64;

    private MemoryBudget() {
    }

    /** The default budget in bytes: {@value #PROPERTY} if set, else half the maximum heap (at least 64 MiB). */
    public static long defaultBytes() {
        return NumericProperties.size(PROPERTY, Math.max(MIN_DEFAULT_MIB << 20, Runtime.getRuntime().maxMemory() / 2));
    }

    /** Bytes the graph may need on the most demanding backend (see the class description). */
    public static long estimate(Graph g) {
        long total = 0;
        for (Tensor t : g.tensors()) {
            long elements = t.type().elementCount();
            total += elements * 4 + (t.isConstant() ? t.type().byteSize() : 0);
        }
        long largestPatches = 0;
        for (Node n : g.nodes()) {
            Op op = n.op();
            if (op instanceof Op.Conv2d || op instanceof Op.DepthwiseConv2d) {
                TensorType x = g.tensor(n.input(0)).type();
                TensorType w = g.tensor(n.input(1)).type();
                TensorType y = g.tensor(n.output(0)).type();
                long taps = (long) y.dim(0) * y.dim(1) * y.dim(2) * w.dim(1) * w.dim(2);
                total += taps * 8;
                if (op instanceof Op.Conv2d) {
                    largestPatches = Math.max(largestPatches, taps * x.dim(3) * 4);
                }
            }
        }
        return total + largestPatches;
    }

    /** Throws an {@link InvalidModelException} if {@code g} may need more than {@code budget} bytes. */
    public static void check(Graph g, long budget) {
        long need = estimate(g);
        if (need > budget) {
            throw new InvalidModelException(g.name() + ": the model may need " + readable(need) + " at run time "
                    + "(activations, weights and working buffers), above the memory budget of " + readable(budget)
                    + "; raise it with memoryBudget(bytes) or -D" + PROPERTY + "=SIZE if that is intended");
        }
    }

    /** {@code bytes} in MiB, KiB or bytes, whichever shows the value: a budget of 1k reads "1.0 KiB", not "0.0 MiB". */
    static String readable(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                : bytes >= 1 << 10 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0) : bytes + " bytes";
    }
}
