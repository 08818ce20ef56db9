package org.mobilenet4j.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.model.Model;
import org.mobilenet4j.task.ImageClassifier;

/** Selecting outputs and running them: an inner tensor read through withOutputs is the one the full graph computes. */
class PredictorTest {
    private static final Model MODEL = Model.load(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite"));

    private static ByteBuffer pixels(Graph g) {
        int n = (int) g.inputType(0).elementCount();
        ByteBuffer b = ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            b.put((byte) (i * 31 % 251));
        }
        return b.flip();
    }

    /** The id of the output of the graph's first average pool. */
    private static int poolOutput(Graph g) {
        for (Node n : g.nodes()) {
            if (n.op() instanceof Op.AveragePool2d) {
                return n.output(0);
            }
        }
        throw new AssertionError("no pool in " + g);
    }

    @Test
    void withOutputsPrunesAndKeepsIds() {
        Graph g = MODEL.graph();
        int pool = poolOutput(g);
        Graph both = g.withOutputs(pool, g.outputs()[0]);
        Graph inner = g.withOutputs(g.tensor(pool).name());
        assertEquals(g.nodes().size(), both.nodes().size());
        assertTrue(inner.nodes().size() < g.nodes().size(), inner.toString());
        assertEquals(pool, inner.outputs()[0]);
        assertEquals(g.tensor(pool).name(), inner.tensor(pool).name());
        assertThrows(IllegalArgumentException.class, () -> g.withOutputs(g.inputs()[0]));
        assertThrows(IllegalArgumentException.class, () -> g.withOutputs("no such tensor"));
    }

    @Test
    void innerTensorEqualsWhatTheFullGraphComputes() {
        Graph g = MODEL.graph();
        int pool = poolOutput(g);
        try (Predictor both = Predictor.create(g.withOutputs(pool, g.outputs()[0]), new ReferenceBackend(), 1);
             Predictor inner = Predictor.create(g.withOutputs(pool), new ReferenceBackend(), 1)) {
            float[][] all = both.run(pixels(g));
            float[][] one = inner.run(pixels(g));
            assertEquals(List.of(g.tensor(pool).name(), g.tensor(g.outputs()[0]).name()), both.outputNames());
            assertEquals(256, one[0].length);
            assertArrayEquals(all[0], one[0]);
            assertEquals(1001, all[1].length);
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseThrows() {
        Predictor p = Predictor.create(MODEL.graph(), new ReferenceBackend(), 1);
        ByteBuffer in = pixels(MODEL.graph());
        assertEquals(1001, p.run(in)[0].length);
        p.close();
        p.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.run(in));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void floatInputInEitherByteOrderGivesTheSameOutput() {
        Graph g = Model.load(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_1_default_1.tflite")).graph();
        int n = (int) g.inputType(0).elementCount();
        ByteBuffer le = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer be = ByteBuffer.allocate(n * 4).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) {
            float v = (float) Math.sin(i * 0.01);
            le.putFloat(v);
            be.putFloat(v);
        }
        try (Predictor p = Predictor.create(g, new ReferenceBackend(), 1)) {
            float[] a = p.run(le.flip())[0];
            float[] b = p.run(be.flip())[0];
            assertArrayEquals(a, b);
        }
        try (ImageClassifier c = ImageClassifier.builder()
                .model(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_1_default_1.tflite"))
                .backend(new ReferenceBackend()).build()) {
            assertArrayEquals(c.scores(le.rewind()), c.scores(be.rewind()));
        }
    }

    @Test
    void wrongInputSizeIsRefused() {
        try (Predictor p = Predictor.create(MODEL.graph(), new ReferenceBackend(), 1)) {
            assertThrows(IllegalArgumentException.class, () -> p.run(ByteBuffer.allocate(3)));
        }
    }
}
