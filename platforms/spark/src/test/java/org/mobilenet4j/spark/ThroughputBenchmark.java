package org.mobilenet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.batch.BatchPipeline;
import org.mobilenet4j.batch.ImageSuffixes;
import org.mobilenet4j.batch.InputPaths;
import org.mobilenet4j.task.ImageClassifier;

/**
 * Images/s of {@link MobileNetClassifier} on local[2] against the library's single-JVM batch pipeline
 * ({@link BatchPipeline}, what {@code classify} and {@code bench --images} run) over the same image files: 2
 * workers (the two cores Spark gets), 1 thread per image on both sides, same model, same backend (the best), top 5.
 * Both read and decode the JPEG files; Spark runs the whole plan into its "noop" sink (one stage, rows dropped,
 * as a job writing Parquet minus the writing), once with its own partitioning of the files and once with them in
 * 2 partitions, one per core ({@code spark.sql.files.maxPartitionNum}, the knob README gives for local runs). With
 * {@code -Dbench.extra=true}, also timed to show where Spark's overhead goes: {@code inFlight} 1 (no look-ahead)
 * and a job that only reads the files' bytes. Besides images/s, the
 * JVM's CPU time per image: on a machine shared with other work, the steadier measure of the engine's own cost.
 * The first 200 evaluation images ({@code -Dbench.images=N}); with {@code -Pfull} all 1490 as well.
 * Each round runs every variant once, interleaved, after one warm-up round, so that load from other processes hits
 * all alike; medians are compared and the load average printed. Not a test: run with
 * {@code mvn -Pbench[,full] test -Dtest=ThroughputBenchmark [-Dbench.images=200] [-Dbench.rounds=5]
 * [-Dbench.extra=true]}.
 */
@Tag("benchmark")
class ThroughputBenchmark {
    private static final String[] MODELS = {
        "models/coral/mobilenet_v1_0.5_160_quant.tflite", "models/coral/mobilenet_v2_1.0_224_quant.tflite"};

    @Test
    void sparkVersusTheBatchPipeline() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        boolean extra = Boolean.getBoolean("bench.extra");
        List<Integer> sizes = new ArrayList<>(List.of(Integer.getInteger("bench.images", 200)));
        if (Integer.getInteger("spark.test.images", 150) == 0) {
            sizes.add(0); // -Pfull: every evaluation image too
        }
        for (int size : sizes) {
            List<Path> images = SparkTests.evaluationImages(size);
            List<String> paths = images.stream().map(Path::toString).toList();
            Dataset<Row> files = SparkTests.spark().read().format("binaryFile").load(SparkTests.strings(images));
            System.out.printf(Locale.ROOT, "%d images, binaryFile: %d partitions on local[2]; %d processors%n",
                    images.size(), files.rdd().getNumPartitions(), Runtime.getRuntime().availableProcessors());
            for (String m : MODELS) {
                Path model = SparkTests.shared(m);
                MobileNetClassifier classifier = new MobileNetClassifier().setModel(model.toString())
                        .setInputCol("content");
                Dataset<Row> out = classifier.transform(files);
                assertEquals(images.size(), out.filter("error is null and size(classes) = 5").count());
                try (ImageClassifier lib = ImageClassifier.builder().model(model).maxResults(5).build()) {
                    Map<String, Callable<Long>> variants = new LinkedHashMap<>();
                    variants.put(LIBRARY, () -> new BatchPipeline(2, false).run(
                            new InputPaths(paths, () -> null, ImageSuffixes::accepts), lib::classify, r -> {
                            }).count());
                    variants.put("Spark local[2]", () -> run(out, images.size()));
                    variants.put("Spark local[2], 2 partitions", () -> {
                        SparkTests.spark().conf().set("spark.sql.files.maxPartitionNum", "2");
                        try {
                            return run(out, images.size());
                        } finally {
                            SparkTests.spark().conf().unset("spark.sql.files.maxPartitionNum");
                        }
                    });
                    if (extra) {
                        Dataset<Row> serial = classifier.copy(new ParamMap()).setInFlight(1).transform(files);
                        variants.put("Spark local[2], inFlight 1", () -> run(serial, images.size()));
                        variants.put("Spark reading the bytes only", () -> run(files, images.size()));
                    }
                    measure(model.getFileName() + ", " + images.size() + " images", variants, images.size(), rounds);
                }
            }
        }
    }

    private static final String LIBRARY = "library batch pipeline, 2 workers";

    /** Runs every row of {@code out} through the plan, discarding the rows (Spark's "noop" sink: one stage). */
    private static long run(Dataset<Row> out, int n) {
        out.write().format("noop").mode("overwrite").save();
        return n;
    }

    /** Rounds of every variant in turn after a warm-up round; prints the rates, CPU time and ratios. */
    private static void measure(String what, Map<String, Callable<Long>> variants, int n, int rounds)
            throws Exception {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        double load0 = load();
        for (int r = -1; r < rounds; r++) {
            for (Map.Entry<String, Callable<Long>> v : variants.entrySet()) {
                long cpu0 = cpuNanos();
                long start = System.nanoTime();
                assertEquals(n, (long) v.getValue().call(), v.getKey());
                double rate = n / ((System.nanoTime() - start) / 1e9);
                if (r >= 0) {
                    rates.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(rate);
                    cpu.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add((cpuNanos() - cpu0) / 1e6 / n);
                }
            }
        }
        double library = median(rates.get(LIBRARY));
        double libraryCpu = median(cpu.get(LIBRARY));
        System.out.printf(Locale.ROOT, "%s, %d rounds, load average %.1f -> %.1f (images/s per round; median / "
                + "library's median; the JVM's CPU time per image, median, library's / this):%n", what, rounds, load0,
                load());
        rates.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-30s %s  median %6.1f  %.2fx   CPU %.2f ms/image"
                + "  %.2fx%n", k, fmt(v), median(v), median(v) / library, median(cpu.get(k)),
                libraryCpu / median(cpu.get(k))));
    }

    /** CPU time of every thread of this JVM (Spark's, the library's, GC). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static String fmt(List<Double> v) {
        return String.join(" ", v.stream().map(x -> String.format(Locale.ROOT, "%6.1f", x)).toList());
    }
}
