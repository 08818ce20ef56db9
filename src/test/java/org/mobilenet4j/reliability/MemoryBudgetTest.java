package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.MemoryBudget;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.GraphValidator;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.InvalidModelException;
import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.tflite.TfliteWriter;

/**
 * Issue 14: a model file of about a kilobyte whose every tensor is under the per-tensor cap can still plan
 * gigabytes. Every backend refuses it at compile time, before allocating, with an InvalidModelException
 * that gives the need and the budget; the budget is an option.
 */
class MemoryBudgetTest {

    /** Twelve adds over 48 Mi-element tensors: 192 MiB each, about 2.4 GiB together, no weights at all. */
    private static Graph hugeAddChain() {
        return hugeAddChain(false);
    }

    /** With {@code scores}, the chain ends in a reshape to [1, N], the output shape of a classifier. */
    private static Graph hugeAddChain(boolean scores) {
        GraphBuilder b = new GraphBuilder("add chain");
        int x = b.input("x", TensorType.float32(1, 4096, 4096, 3));
        for (int i = 0; i < 12; i++) {
            x = b.add("add" + i, x, x);
        }
        b.output(scores ? b.reshape("scores", x, 1, 4096 * 4096 * 3) : x);
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"xnnpack", "openblas", "reference"})
    void aKilobyteModelThatPlansGigabytesIsRefused(String backend, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("add-chain.tflite");
        TfliteWriter.write(hugeAddChain(), file);
        assertTrue(Files.size(file) < 2048, "the file is small: " + Files.size(file));
        Graph g = TfliteImporter.read(file).graph();
        for (var t : g.tensors()) {
            assertTrue(t.type().elementCount() <= GraphValidator.MAX_ELEMENTS, "every tensor is under the cap");
        }
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> Backends.byName(backend).compile(g, new BackendOptions(1, 512L << 20)));
        assertTrue(e.getMessage().contains("2496.0 MiB") && e.getMessage().contains("512.0 MiB"), e.getMessage());
        // the same chain shaped as a classifier (ImageClassifier refuses other outputs before it compiles)
        Path classifier = dir.resolve("add-chain-scores.tflite");
        TfliteWriter.write(hugeAddChain(true), classifier);
        InvalidModelException c = assertThrows(InvalidModelException.class, () -> ImageClassifier.builder()
                .model(classifier).backend(Backends.byName(backend)).memoryBudget(1L << 30).build());
        assertTrue(c.getMessage().contains("memory budget of 1024.0 MiB"), c.getMessage());
    }

    /** A budget under a MiB (-Dmobilenet4j.memoryBudget=1k) is reported in the unit that shows it, not "0.0 MiB". */
    @Test
    void aSmallBudgetIsReportedInAUnitThatShowsIt() {
        Graph g = hugeAddChain();
        String[][] cases = {{"1024", "1.0 KiB"}, {"1536", "1.5 KiB"}, {"500", "500 bytes"}, {"3145728", "3.0 MiB"}};
        for (String[] c : cases) {
            InvalidModelException e = assertThrows(InvalidModelException.class,
                    () -> MemoryBudget.check(g, Long.parseLong(c[0])));
            assertTrue(e.getMessage().contains("need 2496.0 MiB at run time")
                    && e.getMessage().contains("memory budget of " + c[1] + ";"), e.getMessage());
        }
    }

    /** The budget is a real threshold: a 5 MiB model loads under the default and fails under 1 MiB. */
    @Test
    void theBudgetIsAnOption() {
        Path model = TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite");
        try (ImageClassifier c = ImageClassifier.builder().model(model).backend(Backends.byName("reference")).build()) {
            assertEquals(1001, c.graph().outputType(0).elementCount());
        }
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ImageClassifier.builder()
                .model(model).backend(Backends.byName("reference")).memoryBudget(1 << 20).build());
        assertTrue(e.getMessage().contains("mobilenet4j.memoryBudget"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageClassifier.builder().memoryBudget(0));
    }

    @Test
    void defaultComesFromThePropertyElseHalfTheHeap() {
        String before = System.getProperty(MemoryBudget.PROPERTY);
        try {
            System.clearProperty(MemoryBudget.PROPERTY);
            assertEquals(Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 2), MemoryBudget.defaultBytes());
            System.setProperty(MemoryBudget.PROPERTY, "3g");
            assertEquals(3L << 30, MemoryBudget.defaultBytes());
            System.setProperty(MemoryBudget.PROPERTY, "1500k");
            assertEquals(1500L << 10, MemoryBudget.defaultBytes());
            System.setProperty(MemoryBudget.PROPERTY, "lots");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, MemoryBudget::defaultBytes);
            assertTrue(e.getMessage().contains(MemoryBudget.PROPERTY) && e.getMessage().contains("lots"));
        } finally {
            if (before == null) {
                System.clearProperty(MemoryBudget.PROPERTY);
            } else {
                System.setProperty(MemoryBudget.PROPERTY, before);
            }
        }
    }

    /**
     * The estimate, counted by hand for a 3x3 convolution of an 8x8x2 input to 8x8x4: activations
     * (128 + 256) x 4 bytes; float filter 72 x (4 + 4) and bias 4 x (4 + 4) bytes (as stored, and widened); XNNPACK's indirection buffer
     * 64 pixels x 9 taps x 8 bytes; OpenBLAS's im2col buffer 64 x 9 x 2 x 4 bytes.
     */
    @Test
    void estimateCountsActivationsWeightsAndWorkingBuffers() {
        GraphBuilder b = new GraphBuilder("conv");
        int x = b.input("x", TensorType.float32(1, 8, 8, 2));
        int f = b.constant("f", new float[72], 4, 3, 3, 2);
        int bias = b.constant("b", new float[4], 4);
        b.output(b.conv2d("conv", x, f, bias, 1, Padding.SAME, Activation.NONE));
        assertEquals(1536 + 576 + 32 + 4608 + 4608, MemoryBudget.estimate(b.build()));
    }

    /** The same need through one convolution's working buffers: a 64x64 kernel over a 1024x1024 image. */
    @Test
    void convolutionWorkingBuffersCount() {
        GraphBuilder b = new GraphBuilder("wide kernel");
        int x = b.input("x", TensorType.float32(1, 1024, 1024, 1));
        int f = b.constant("f", new float[64 * 64], 1, 64, 64, 1);
        b.output(b.conv2d("conv", x, f, -1, 1, Padding.SAME, Activation.NONE));
        Graph g = b.build();
        assertTrue(MemoryBudget.estimate(g) > 32L << 30, "indirection buffer of 4 Gi pointers");
        assertThrows(InvalidModelException.class, () -> Backends.byName("xnnpack").compile(g, BackendOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new BackendOptions(1, 0));
        assertTrue(g.nodes().get(0).op() instanceof Op.Conv2d);
    }
}
