package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.model.InvalidModelException;
import org.mobilenet4j.model.ModelException;
import org.mobilenet4j.vision.InvalidImageException;

/** Corrupt models and images, wrong shapes, bad options and a closed classifier give clear exceptions. */
class BadInputTest {

    @TempDir
    Path tmp;

    private Path model() {
        return TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite");
    }

    @Test
    void notAModel() throws IOException {
        Path f = tmp.resolve("text.tflite");
        Files.writeString(f, "this is not a flatbuffer at all");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> ImageClassifier.builder().model(f).build());
        assertTrue(e.getMessage().contains("not a TFLite model"), e.getMessage());
    }

    @Test
    void truncatedModels() throws IOException {
        byte[] whole = Files.readAllBytes(model());
        for (int length : new int[] {8, 100, 4096, whole.length / 4, whole.length / 2}) {
            Path f = tmp.resolve("cut" + length + ".tflite");
            Files.write(f, Arrays.copyOf(whole, length));
            assertThrows(ModelException.class, () -> ImageClassifier.builder().model(f).build(),
                    "truncated to " + length + " bytes");
        }
    }

    @Test
    void corruptedModelBytes() throws IOException {
        byte[] bytes = Files.readAllBytes(model());
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 8; i < 4096; i++) {
            bytes[i] = (byte) r.nextInt(256);
        }
        Path f = tmp.resolve("corrupt.tflite");
        Files.write(f, bytes);
        assertThrows(ModelException.class, () -> ImageClassifier.builder().model(f).build());
    }

    @Test
    void missingModelFile() {
        ModelException e = assertThrows(ModelException.class,
                () -> ImageClassifier.builder().model(tmp.resolve("absent.tflite")).build());
        assertTrue(e.getMessage().contains("absent.tflite"), e.getMessage());
    }

    @Test
    void corruptAndTruncatedImages() throws IOException {
        try (ImageClassifier c = ImageClassifier.builder().model(model()).build()) {
            Path text = tmp.resolve("x.jpg");
            Files.writeString(text, "not an image");
            assertThrows(InvalidImageException.class, () -> c.classify(text));
            byte[] jpeg = Files.readAllBytes(TestData.file("images/burger.jpg"));
            Path cut = tmp.resolve("cut.jpg");
            Files.write(cut, Arrays.copyOf(jpeg, 200));
            assertThrows(InvalidImageException.class, () -> c.classify(cut));
        }
    }

    @Test
    void wrongTensorSize() {
        try (ImageClassifier c = ImageClassifier.builder().model(model()).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> c.classifyTensor(ByteBuffer.allocateDirect(10)));
            assertTrue(e.getMessage().contains("150528"), e.getMessage());
        }
    }

    @Test
    void builderValidates() {
        assertThrows(IllegalArgumentException.class, () -> ImageClassifier.builder().maxResults(0));
        assertThrows(IllegalArgumentException.class, () -> ImageClassifier.builder().scoreThreshold(1.5f));
        assertThrows(IllegalArgumentException.class, () -> ImageClassifier.builder().centerCrop(0));
        assertThrows(IllegalArgumentException.class, () -> ImageClassifier.builder().numThreads(0));
        assertThrows(IllegalStateException.class, () -> ImageClassifier.builder().build());
    }

    @Test
    void labelCountMustMatch() throws IOException {
        Path labels = tmp.resolve("labels.txt");
        Files.writeString(labels, "a\nb\nc\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageClassifier.builder().model(model()).labels(labels).build());
        assertEquals("labels " + labels + " has 3 lines for 1001 outputs", e.getMessage());
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseThrows() {
        ImageClassifier c = ImageClassifier.builder().model(model()).build();
        c.close();
        c.close();
        assertThrows(IllegalStateException.class, () -> c.classify(TestData.file("images/burger.jpg")));
        assertThrows(IllegalStateException.class, () -> c.classifyTensor(ByteBuffer.allocateDirect(150528)));
    }

    @Test
    void resultsAreImmutable() {
        try (ImageClassifier c = ImageClassifier.builder().model(model()).maxResults(3).build()) {
            var r = c.classify(TestData.file("images/burger.jpg"));
            assertEquals(3, r.size());
            assertThrows(UnsupportedOperationException.class, () -> r.add(r.get(0)));
        }
    }
}
