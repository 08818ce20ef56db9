package org.mobilenet4j.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.batch.BatchPipeline;
import org.mobilenet4j.batch.ImageSuffixes;
import org.mobilenet4j.batch.InputPaths;
import org.mobilenet4j.task.ImageClassifier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench --images}: images/s of the classify pipeline end-to-end (decode, resize, inference; --workers in
 * flight) against the inference-only rate of the same classifier, one stream and --workers streams at once; and
 * the resident memory and the live Java heap (after a full GC) after 1,000 images and at the end (the live
 * heap stays flat when the pipeline streams; RSS also follows the JVM's heap sizing, which -Xmx bounds, so the
 * committed heap is reported too: RSS minus it does not depend on heap sizing).
 */
final class ImageThroughput {
    private static final int INFERENCE_RUNS = 1000;

    private ImageThroughput() {
    }

    static int measure(CommandSpec spec, String model, ComputeOptions compute, PipelineOptions pipeline,
                       List<String> images, int repeat, int warmup, boolean json) throws Exception {
        int workers = pipeline.workers(spec);
        int threads = compute.threads(spec);
        ModelReference ref = ModelReference.resolve(model);
        ImageClassifier.Builder b = ImageClassifier.builder().model(ref.model()).backend(compute.backend(spec))
                .numThreads(threads);
        if (ref.head() != null) {
            b.head(ref.head());
        }
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            inputs.addAll(images);
        }
        try (ImageClassifier classifier = b.build()) {
            ByteBuffer input = TensorBuffers.allocate(classifier.graph().inputType(0));
            for (int i = 0; i < warmup; i++) {
                classifier.classifyTensor(input.duplicate());
            }
            long[] failed = new long[1];
            double[] rssAt1000 = {-1};
            double[] heapAt1000 = {-1};
            double[] liveAt1000 = {-1};
            long t0 = System.nanoTime();
            double cpu0 = ProcessMemory.cpuMs();
            BatchPipeline.Summary s = new BatchPipeline(workers, false).run(
                    new InputPaths(inputs, () -> null, ImageSuffixes::accepts), classifier::classify, r -> {
                        failed[0] += r.failed() ? 1 : 0;
                        if (r.index() == 999) {
                            rssAt1000[0] = ProcessMemory.rssMb();
                            heapAt1000[0] = ProcessMemory.committedHeapMb();
                            liveAt1000[0] = liveHeapMb();
                        }
                    });
            double endToEnd = s.count() / ((System.nanoTime() - t0) / 1e9);
            double cpuPerImage = (ProcessMemory.cpuMs() - cpu0) / s.count();
            double rssEnd = ProcessMemory.rssMb();
            double heapEnd = ProcessMemory.committedHeapMb();
            double liveEnd = liveHeapMb();
            int runs = (int) Math.max(1, Math.min(s.count(), INFERENCE_RUNS));
            double cpu1 = ProcessMemory.cpuMs();
            double oneStream = inferenceRate(classifier, input, runs, 1);
            double cpuPerInference = (ProcessMemory.cpuMs() - cpu1) / runs;
            double wStreams = inferenceRate(classifier, input, runs, workers);
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                JsonObject r = new JsonObject();
                r.addProperty("model", classifier.modelName());
                r.addProperty("images", s.count());
                r.addProperty("failed", failed[0]);
                r.addProperty("workers", workers);
                r.addProperty("threads", threads);
                r.addProperty("endToEndImagesPerSecond", endToEnd);
                r.addProperty("inferenceOnlyPerSecond", oneStream);
                r.addProperty("inferenceOnlyPerSecondAllWorkers", wStreams);
                r.addProperty("cpuMsPerImage", cpuPerImage);
                r.addProperty("cpuMsPerInference", cpuPerInference);
                r.addProperty("rssMbAfter1000", rssAt1000[0]);
                r.addProperty("rssMbAtEnd", rssEnd);
                r.addProperty("committedHeapMbAfter1000", heapAt1000[0]);
                r.addProperty("committedHeapMbAtEnd", heapEnd);
                r.addProperty("peakRssMb", ProcessMemory.peakRssMb());
                r.addProperty("liveHeapMbAfter1000", liveAt1000[0]);
                r.addProperty("liveHeapMbAtEnd", liveEnd);
                o.println(Json.GSON.toJson(r));
            } else {
                o.printf(java.util.Locale.ROOT, "%s, %d images (%d failed), %d worker(s) x %d thread(s):%n"
                        + "  end-to-end      %8.1f images/s%n"
                        + "  inference only  %8.1f /s one stream (end-to-end is %.2fx), %.1f /s with %d streams (%.2fx)%n"
                        + "  CPU time  %.2f ms per image end-to-end, %.2f ms per inference alone%n"
                        + "  RSS %.0f MB after 1000 images, %.0f MB at the end, peak %.0f MB; live heap %.1f MB "
                        + "after 1000, %.1f MB at the end%n"
                        + "  RSS minus the committed heap %.0f MB after 1000 images, %.0f MB at the end (heap "
                        + "committed %.0f MB, then %.0f MB)%n",
                        classifier.modelName(), s.count(), failed[0], workers, threads, endToEnd, oneStream,
                        endToEnd / oneStream, wStreams, workers, endToEnd / wStreams, cpuPerImage, cpuPerInference, rssAt1000[0], rssEnd,
                        ProcessMemory.peakRssMb(), liveAt1000[0], liveEnd, rssAt1000[0] - heapAt1000[0],
                        rssEnd - heapEnd, heapAt1000[0], heapEnd);
            }
            o.flush();
            return failed[0] > 0 ? 1 : 0;
        }
    }

    /** Java heap in use after a full collection (what the run keeps alive, not what the JVM has reserved). */
    private static double liveHeapMb() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    /** Classifications per second of a ready input tensor, {@code streams} threads sharing {@code runs}. */
    private static double inferenceRate(ImageClassifier classifier, ByteBuffer input, int runs, int streams)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        for (int s = 0; s < streams; s++) {
            int share = runs / streams + (s < runs % streams ? 1 : 0);
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < share; i++) {
                        classifier.classifyTensor(input.duplicate());
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("inference failed: " + failures.get(0).getMessage(), failures.get(0));
        }
        return runs / ((System.nanoTime() - t0) / 1e9);
    }
}
