package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.TestData;

/**
 * One classifier shared by many threads gives each the same answer it gives alone: 8 threads x 1000
 * classifications on each backend (XNNPACK: one runtime per concurrent caller; OpenBLAS: one native scratch per
 * caller; reference: buffers per call). The default run does 8 x 200 (8 x 25 on the slow reference backend);
 * {@code -Pfull} and {@code -Pstress} 8 x 1000 on every backend.
 */
class ConcurrencyTest {

    @ParameterizedTest(name = "{0}: 8 threads x {1}")
    @CsvSource({"xnnpack, 200", "openblas, 200", "reference, 25"})
    void sharedClassifierIsThreadSafe(String backend, int perThread) throws Exception {
        if (TestData.full()) {
            perThread = 1000;
        }
        String[] names = {"burger.jpg", "cat.bmp", "grace_hopper.jpg", "sparrow.png"};
        BufferedImage[] images = new BufferedImage[names.length];
        for (int i = 0; i < names.length; i++) {
            images[i] = ImageIO.read(TestData.file("images/" + names[i]).toFile());
        }
        try (ImageClassifier c = ImageClassifier.builder()
                .model(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite"))
                .labels(TestData.file("models/aosp-mlts/labels.txt")).maxResults(5)
                .backend(Backends.byName(backend)).build()) {
            List<List<Classification>> alone = new ArrayList<>();
            for (BufferedImage img : images) {
                alone.add(c.classify(img));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<Classification>>> futures = new ArrayList<>();
                for (int i = 0; i < 8 * perThread; i++) {
                    BufferedImage img = images[i % images.length];
                    futures.add(pool.submit(() -> c.classify(img)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    assertEquals(alone.get(i % images.length), futures.get(i).get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
