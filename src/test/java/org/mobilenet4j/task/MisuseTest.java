package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.model.ModelException;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.predict.Predictor;
import org.mobilenet4j.predict.Tensors;
import org.mobilenet4j.predict.Translator;
import org.mobilenet4j.vision.RgbImage;

/**
 * What an application's mistakes get: a clear exception, never a hang, a runaway or an OutOfMemoryError
 * (thread counts, closing from inside a call, files that are not models, image sizes past int, calls after
 * close naming the closed object, non-finite normalization and pixel values).
 */
class MisuseTest {
    private static final Path MODEL = TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite");

    @Test
    void threadCountsAreBounded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageClassifier.builder().numThreads(BackendOptions.MAX_THREADS + 1));
        assertTrue(e.getMessage().contains("1 to " + BackendOptions.MAX_THREADS), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BackendOptions(10_000));
        ImageClassifier.builder().numThreads(BackendOptions.MAX_THREADS);
    }

    @Test
    void closingFromInsideItsOwnCallThrowsInsteadOfWaitingForItself() {
        try (ImageClassifier c = ImageClassifier.builder().model(MODEL).build()) {
            Predictor p = Predictor.create(c.graph(), null, BackendOptions.defaults());
            IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(IllegalStateException.class, () -> p.predict(new Translator<Void, Void>() {
                        @Override
                        public void processInput(Void in, Tensors t) {
                        }

                        @Override
                        public Void processOutput(Tensors t) {
                            p.close();
                            return null;
                        }
                    }, null)));
            assertTrue(e.getMessage().contains("from inside one of its own calls"), e.getMessage());
            p.close();
            assertThrows(IllegalStateException.class, p::graph, "closed after the call");
        }
    }

    @Test
    void onlyRegularFilesAreReadAsModels(@TempDir Path dir) {
        ModelException device = assertThrows(ModelException.class, () -> ModelSource.of(Path.of("/dev/zero")));
        assertTrue(device.getMessage().contains("not a regular file"), device.getMessage());
        ModelException folder = assertThrows(ModelException.class, () -> ModelSource.of(dir));
        assertTrue(folder.getMessage().endsWith(": a folder"), folder.getMessage());
        Path missing = dir.resolve("nope.tflite");
        ModelException none = assertThrows(ModelException.class, () -> ModelSource.of(missing));
        assertEquals("cannot read model " + missing + ": no such file " + missing, none.getMessage());
        assertTrue(Files.notExists(missing));
    }

    @Test
    void imageSizesPastIntAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RgbImage(65536, 65536, new float[0]));
    }

    @Test
    void nonFinitePixelValuesAreRefusedNamingTheFirst() {
        float[] px = new float[4 * 2 * 3];
        px[0] = -1f; // finite values outside [0, 255] are the caller's business
        px[1] = 300f;
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] p = px.clone();
            p[17] = bad; // pixel 5 (x 1, y 1), blue
            p[22] = Float.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RgbImage(4, 2, p));
            assertEquals("RGB image value 17 (x 1, y 1, channel 2) is " + bad + "; pixel values must be finite",
                    e.getMessage());
        }
        assertEquals(300f, new RgbImage(4, 2, px).pixels()[1]);
    }

    @Test
    void nonFiniteFloatTensorValuesAreRefusedNamingTheFirst() {
        Path floatModel = TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128.tflite");
        try (ImageClassifier c = ImageClassifier.builder().model(floatModel).build()) {
            int n = Math.toIntExact(c.graph().inputType(0).elementCount());
            FloatBuffer in = FloatBuffer.allocate(n);
            for (int i = 0; i < n; i++) {
                in.put(i, (i % 255) / 127.5f - 1f);
            }
            assertEquals(5, c.classifyTensor(in).size());
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                FloatBuffer b = FloatBuffer.wrap(in.array().clone());
                b.put(4321, bad);
                b.put(n - 1, Float.NaN);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.classifyTensor(b));
                assertEquals("input tensor value 4321 is " + bad + "; input values must be finite", e.getMessage());
            }
            FloatBuffer huge = FloatBuffer.wrap(in.array().clone());
            huge.put(7, 3e38f); // finite: ReLU6 clamps it like any other value
            huge.put(8, -3e38f);
            assertEquals(5, c.classifyTensor(huge).size());
        }
    }

    @Test
    void callsAfterCloseNameTheClosedObject() {
        ImageClassifier c = ImageClassifier.builder().model(MODEL).build();
        c.close();
        for (Runnable call : new Runnable[] {c::backendName, c::appliesSoftmax, c::preprocessing, c::labels}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
            assertEquals("ImageClassifier is closed", e.getMessage());
        }
        ImageEmbedder m = ImageEmbedder.builder().model(MODEL).build();
        m.close();
        for (Runnable call : new Runnable[] {m::dimension, m::layer, m::backendName, m::cacheKey,
            () -> m.prepare(TestData.file("images/burger.jpg"))}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
            assertEquals("ImageEmbedder is closed", e.getMessage());
        }
    }

    @Test
    void normalizationMustBeFinite() {
        assertThrows(IllegalArgumentException.class, () -> ImageClassifier.builder().normalization(Float.NaN, 1f));
        assertThrows(IllegalArgumentException.class,
                () -> ImageClassifier.builder().normalization(0f, Float.POSITIVE_INFINITY));
        ImageClassifier.builder().normalization(127.5f, 127.5f);
    }
}
