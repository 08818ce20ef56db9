package org.mobilenet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.task.ImageClassifier;

/**
 * Images/s of {@link MobileNetClassifier} on local[2] against the library's own loop over the same image
 * files in one JVM: one classifier shared by 2 threads (the same two cores Spark gets) and by 1 thread. Both
 * decode the JPEG files and classify them (top 5). Rounds are interleaved (library, Spark, library, ...)
 * after one warm-up round each, so that load from other processes hits both alike. Not a test: run with
 * {@code mvn -Pbench test -Dtest=ThroughputBenchmark [-Dbench.images=200] [-Dbench.rounds=3]}.
 */
@Tag("benchmark")
class ThroughputBenchmark {
    private static final String[] MODELS = {
        "models/coral/mobilenet_v1_0.5_160_quant.tflite", "models/coral/mobilenet_v2_1.0_224_quant.tflite"};

    @Test
    void sparkVersusLibraryLoop() throws Exception {
        List<Path> images = SparkTests.evaluationImages(Integer.getInteger("bench.images", 200));
        int rounds = Integer.getInteger("bench.rounds", 3);
        for (String m : MODELS) {
            Path model = SparkTests.shared(m);
            Dataset<Row> files = SparkTests.spark().read().format("binaryFile").load(SparkTests.strings(images));
            Dataset<Row> out = new MobileNetClassifier().setModel(model.toString()).setInputCol("content")
                    .transform(files);
            try (ImageClassifier lib = ImageClassifier.builder().model(model).maxResults(5).build()) {
                library(lib, images, 2);
                spark(out, images.size());
                List<Double> lib2 = new ArrayList<>();
                List<Double> lib1 = new ArrayList<>();
                List<Double> sp = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    lib2.add(library(lib, images, 2));
                    sp.add(spark(out, images.size()));
                    lib1.add(library(lib, images, 1));
                }
                System.out.printf(Locale.ROOT, "%s, %d images, %d rounds (images/s, each round): library 2 threads %s,"
                        + " Spark local[2] %s, library 1 thread %s; Spark / library-2-threads (medians) = %.2f%n",
                        model.getFileName(), images.size(), rounds, fmt(lib2), fmt(sp), fmt(lib1),
                        median(sp) / median(lib2));
            }
        }
    }

    private static double library(ImageClassifier lib, List<Path> images, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < images.size(); ) {
                        lib.classify(images.get(i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return images.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static double spark(Dataset<Row> out, int n) {
        long start = System.nanoTime();
        assertEquals(n, out.filter("error is null and size(classes) = 5").count());
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static String fmt(List<Double> v) {
        return String.join(" ", v.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList());
    }
}
