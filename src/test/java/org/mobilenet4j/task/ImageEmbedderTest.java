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
