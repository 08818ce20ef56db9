package org.mobilenet4j.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mobilenet4j.FloatRun;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.openblas.OpenblasBackend;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.backend.xnnpack.XnnpackBackend;

/**
 * A graph's data flows forward (each tensor written once, after what it reads), and nodes nothing depends on
 * run on every backend: found by fuzzing, a model whose operator was rewired to skip two layers left them
 * unread, and XNNPACK 2022 aborted the JVM on the value it planned no memory for.
 */
class DataFlowTest {

    /**
     * x -> relu6 -> a -> relu -> b (output); or the first node reading b, or the second writing a again; or an
     * extra node whose output nothing reads.
     */
    private static Graph chain(boolean readLater, boolean writeTwice, boolean deadBranch) {
        GraphBuilder g = new GraphBuilder("chain");
        int x = g.input("x", TensorType.float32(1, 2, 2, 3));
        int a = g.tensor("a", TensorType.float32(1, 2, 2, 3), null);
        int b = g.tensor("b", TensorType.float32(1, 2, 2, 3), null);
        g.addNode(new Op.Clamp(0, 6), new int[] {readLater ? b : x}, new int[] {a}, "relu6");
        g.addNode(new Op.Clamp(0, Float.POSITIVE_INFINITY), new int[] {a}, new int[] {writeTwice ? a : b}, "relu");
        if (deadBranch) {
            int dead = g.tensor("dead", TensorType.float32(1, 2, 2, 3), null);
            g.addNode(new Op.HardSwish(), new int[] {x}, new int[] {dead}, "unused");
        }
        g.output(b);
        return g.build();
    }

    @Test
    void readingATensorBeforeItIsWrittenIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> chain(true, false, false));
        assertTrue(e.getMessage().contains("node 0") && e.getMessage().contains("before it is computed"),
                e.getMessage());
    }

    @Test
    void writingATensorTwiceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> chain(false, true, false));
        assertTrue(e.getMessage().contains("node 1") && e.getMessage().contains("already written"), e.getMessage());
    }

    @Test
    void unusedNodesRunOnEveryBackend() {
        Graph g = chain(false, false, true);
        float[] input = {-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -9};
        float[] expected = {0, 0, 1, 2, 3, 4, 5, 6, 6, 6, 6, 0};
        for (var backend : new org.mobilenet4j.backend.Backend[] {new ReferenceBackend(), new XnnpackBackend(),
            new OpenblasBackend()}) {
            try (Executable exe = backend.compile(g, BackendOptions.defaults())) {
                assertArrayEquals(expected, FloatRun.run(exe, input), backend.name());
            }
        }
    }
}
