package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;

/**
 * close() while other threads are inside classify: running calls finish (native memory is freed only after
 * them), later calls throw IllegalStateException, nothing crashes. On every backend.
 */
class LifecycleTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"xnnpack", "openblas", "reference"})
    void closeWhileClassifying(String backend) throws Exception {
        BufferedImage img = ImageIO.read(TestData.file("images/cat.bmp").toFile());
        ImageClassifier c = ImageClassifier.builder()
                .model(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite"))
                .backend(Backends.byName(backend)).maxResults(1).build();
        int expected = c.classify(img).get(0).index();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                started.countDown();
                for (int i = 0; i < 10_000; i++) {
                    try {
                        List<Classification> r = c.classify(img);
                        assertEquals(expected, r.get(0).index());
                        ok.incrementAndGet();
                    } catch (IllegalStateException closed) {
                        refused.incrementAndGet();
                        return null;
                    }
                }
                return null;
            }));
        }
        started.await();
        Thread.sleep(200);
        c.close();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(ok.get() > 0, "some calls ran before close");
        assertEquals(4, refused.get(), "every thread saw the close");
        assertThrows(IllegalStateException.class, () -> c.classify(img));
        c.close();
    }
}
