package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.Model;
import org.mobilenet4j.predict.Predictor;

/**
 * Coral's v1 1.0/224 embedding extractor and its classifier head: the extractor's output is what the head
 * sees when the two run chained, and the chain's class scores are softmax(head(embedding)).
 */
class ImageEmbedderTest {
    private static final Path EXTRACTOR = TestData.file("models/coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite");
    private static final Path HEAD = TestData.file("models/coral/mobilenet_quant_v1_224_head_layers.tflite");
    private static final Path CAT = TestData.file("images/cat.bmp");

    private static ImageEmbedder.Builder embedder(Path model) {
        return ImageEmbedder.builder().model(model).backend(new ReferenceBackend());
    }

    @Test
    void extractorOutputIsWhatTheHeadSees() {
        try (ImageEmbedder extractor = embedder(EXTRACTOR).build();
             ImageEmbedder chained = embedder(EXTRACTOR).head(HEAD).build()) {
            Model head = Model.load(HEAD);
            // the chain's embedding is found automatically: the input of the head's fully connected layer
            assertEquals(head.graph().tensor(head.graph().inputs()[0]).name(), chained.layer());
            assertEquals(1024, extractor.dimension());
            float[] a = extractor.embed(CAT).values();
            assertArrayEquals(a, chained.embed(CAT).values());
            assertNotEquals(extractor.cacheKey(), chained.cacheKey());
        }
    }

    @Test
    void classifierScoresAreHeadOfEmbedding() {
        Model head = Model.load(HEAD);
        float[] embedding;
        try (ImageEmbedder e = embedder(EXTRACTOR).build()) {
            embedding = e.embed(CAT).values();
        }
        TensorType in = head.graph().inputType(0);
        Quantization q = in.quantization();
        ByteBuffer b = ByteBuffer.allocateDirect(embedding.length).order(ByteOrder.nativeOrder());
        for (float v : embedding) {
            b.put((byte) (Math.round(v / q.scale()) + q.zeroPoint()));
        }
        float[] headScores;
        try (Predictor p = Predictor.create(head.graph(), new ReferenceBackend(), 1)) {
            headScores = p.run(b.flip())[0];
        }
        float[] classifierScores = ClassifierScores.of(EXTRACTOR, HEAD, CAT);
        assertEquals(1001, classifierScores.length);
        assertArrayEquals(headScores, classifierScores, 1e-6f);
    }

    @Test
    void l2NormalizedAndQuantized() {
        try (ImageEmbedder e = embedder(EXTRACTOR).l2Normalize(true).quantize(true).build()) {
            Embedding a = e.embed(CAT);
            double norm = 0;
            for (float v : a.values()) {
                norm += v * v;
            }
            assertEquals(1.0, norm, 1e-5);
            byte[] q = a.quantized();
            for (int i = 0; i < q.length; i++) {
                assertEquals(Math.max(-128, Math.min(127, Math.round(a.values()[i] * 128))), q[i]);
            }
            assertEquals(1.0, ImageEmbedder.cosineSimilarity(a, a), 1e-9);
            Embedding burger = e.embed(TestData.file("images/burger.jpg"));
            double s = ImageEmbedder.cosineSimilarity(a, burger);
            assertTrue(s < 0.9, "cat vs burger " + s);
            assertTrue(e.cacheKey().startsWith(e.modelSha256() + " | layer "), e.cacheKey());
        }
    }

    /**
     * quantize alone L2-normalizes first: round(v * 128) of raw activations (up to about 6 after a ReLU6) had
     * clamped about half the values of this model at 127. The int8 values are those of the raw embedding
     * normalized here, and few if any are at the ends of the range.
     */
    @Test
    void quantizeImpliesL2Normalization() {
        Path model = TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite");
        Path burger = TestData.file("images/burger.jpg");
        float[] raw;
        try (ImageEmbedder e = embedder(model).build()) {
            raw = e.embed(burger).values();
        }
        double norm = 0;
        int aboveOne = 0;
        for (float v : raw) {
            norm += (double) v * v;
            aboveOne += Math.abs(v) * 128 > 127 ? 1 : 0;
        }
        assertTrue(aboveOne > raw.length / 4, "the raw values would clamp: " + aboveOne + " of " + raw.length);
        norm = Math.sqrt(norm);
        try (ImageEmbedder e = embedder(model).quantize(true).build()) {
            byte[] q = e.embed(burger).quantized();
            assertEquals(raw.length, q.length);
            int ends = 0;
            int nonZero = 0;
            for (int i = 0; i < q.length; i++) {
                assertEquals(Math.round(raw[i] / norm * 128), q[i], 1, "value " + i);
                ends += q[i] == 127 || q[i] == -128 ? 1 : 0;
                nonZero += q[i] != 0 ? 1 : 0;
            }
            assertTrue(ends <= q.length / 100, "saturated: " + ends + " of " + q.length);
            assertTrue(nonZero > q.length / 2, "not rounded to 0: " + nonZero + " of " + q.length);
            assertTrue(e.cacheKey().endsWith(" | l2 | int8"), e.cacheKey());
        }
    }

    @Test
    void namedLayerAndUseAfterClose() {
        ImageEmbedder e = embedder(EXTRACTOR).build();
        String layer = e.layer();
        e.close();
        e.close();
        assertThrows(IllegalStateException.class, () -> e.embed(CAT));
        try (ImageEmbedder named = embedder(EXTRACTOR).layer(layer).build()) {
            assertEquals(layer, named.layer());
        }
        assertThrows(IllegalArgumentException.class, () -> embedder(EXTRACTOR).layer("no such tensor").build());
    }

    @Test
    void preparedImagesEmbedAsTheirFilesAndStayWithTheirEmbedder() {
        Path floatModel = TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128.tflite");
        Path burger = TestData.file("images/burger.jpg");
        for (Path model : new Path[] {EXTRACTOR, floatModel}) {
            try (ImageEmbedder e = embedder(model).l2Normalize(true).build();
                 ImageEmbedder other = embedder(model).build()) {
                for (Path image : new Path[] {CAT, burger}) {
                    assertArrayEquals(e.embed(image).values(), e.embed(e.prepare(image)).values(), 0f,
                            model.getFileName() + " " + image.getFileName());
                }
                ImageEmbedder.Prepared p = other.prepare(CAT);
                assertThrows(IllegalArgumentException.class, () -> e.embed(p));
            }
        }
    }
}
