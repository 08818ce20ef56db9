package org.mobilenet4j.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
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
    /** The memory is measured after this many images (and at the end). */
    private static final int MEMORY_AT = 1000;

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
            String[] firstError = new String[1];
            Memory[] atMemoryAt = new Memory[1];
            long t0 = System.nanoTime();
            OptionalDouble cpu0 = ProcessMemory.cpuTime();
            BatchPipeline.Summary s = new BatchPipeline(workers, false).run(
                    new InputPaths(inputs, () -> null, ImageSuffixes::accepts), classifier::classify, r -> {
                        if (r.failed()) {
                            failed[0]++;
                            firstError[0] = firstError[0] == null ? r.error() : firstError[0];
                        }
                        if (r.index() == MEMORY_AT - 1) {
                            atMemoryAt[0] = Memory.now();
                        }
                    });
            double endToEnd = s.count() / ((System.nanoTime() - t0) / 1e9);
            if (failed[0] == s.count()) {
                // nothing was classified: there is no rate to report (an empty folder, all files unreadable)
                throw new IllegalStateException(s.count() == 1 ? firstError[0] : "none of the " + s.count()
                        + " inputs could be classified; the first: " + firstError[0]);
            }
            OptionalDouble cpuPerImage = perRun(cpu0, ProcessMemory.cpuTime(), s.count());
            Memory end = Memory.now();
            int runs = (int) Math.min(s.count(), INFERENCE_RUNS);
            OptionalDouble cpu1 = ProcessMemory.cpuTime();
            double oneStream = inferenceRate(classifier, input, runs, 1);
            OptionalDouble cpuPerInference = perRun(cpu1, ProcessMemory.cpuTime(), runs);
            double wStreams = inferenceRate(classifier, input, runs, workers);
            Memory mid = atMemoryAt[0];
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
                r.addProperty("cpuMsPerImage", ProcessMemory.json(cpuPerImage));
                r.addProperty("cpuMsPerInference", ProcessMemory.json(cpuPerInference));
                r.addProperty("rssMbAfter1000", mid == null ? null : ProcessMemory.json(mid.rss()));
                r.addProperty("rssMbAtEnd", ProcessMemory.json(end.rss()));
                r.addProperty("committedHeapMbAfter1000", mid == null ? null : mid.committedHeap());
                r.addProperty("committedHeapMbAtEnd", end.committedHeap());
                r.addProperty("peakRssMb", ProcessMemory.json(ProcessMemory.peakRss()));
                r.addProperty("liveHeapMbAfter1000", mid == null ? null : mid.liveHeap());
                r.addProperty("liveHeapMbAtEnd", end.liveHeap());
                o.println(Json.GSON.toJson(r));
            } else {
                o.printf(java.util.Locale.ROOT, "%s, %d images (%d failed), %d worker(s) x %d thread(s):%n"
                        + "  end-to-end      %8.1f images/s%n"
                        + "  inference only  %8.1f /s one stream (end-to-end is %.2fx), %.1f /s with %d streams (%.2fx)%n"
                        + "  CPU time  %s per image end-to-end, %s per inference alone%n"
                        + "  RSS %s, peak %s; live heap %s%n"
                        + "  RSS minus the committed heap %s (heap committed %s)%n",
                        classifier.modelName(), s.count(), failed[0], workers, threads, endToEnd, oneStream,
                        endToEnd / oneStream, wStreams, workers, endToEnd / wStreams,
                        ProcessMemory.text(cpuPerImage, "%.2f ms"), ProcessMemory.text(cpuPerInference, "%.2f ms"),
                        both(mid, end, m -> ProcessMemory.text(m.rss(), "%.0f MB")),
                        ProcessMemory.text(ProcessMemory.peakRss(), "%.0f MB"),
                        both(mid, end, m -> String.format(java.util.Locale.ROOT, "%.1f MB", m.liveHeap())),
                        both(mid, end, Memory::outsideHeap),
                        both(mid, end, m -> String.format(java.util.Locale.ROOT, "%.0f MB", m.committedHeap())));
            }
            o.flush();
            return failed[0] > 0 ? 1 : 0;
        }
    }

    /** The process's memory at one point of the run (RSS as available; the heap from the JVM). */
    private record Memory(OptionalDouble rss, double committedHeap, double liveHeap) {
        static Memory now() {
            return new Memory(ProcessMemory.rss(), ProcessMemory.committedHeapMb(), liveHeapMb());
        }

        /**
         * RSS minus the committed heap, a floor for what is held outside the heap; no floor when part of the
         * committed heap is not resident (the difference is then below zero).
         */
        String outsideHeap() {
            if (rss.isEmpty()) {
                return "unavailable";
            }
            double d = rss.getAsDouble() - committedHeap;
            return d < 0 ? "unknown (less resident than the committed heap)"
                    : String.format(java.util.Locale.ROOT, "%.0f MB", d);
        }
    }

    /** "X after 1000 images, Y at the end", or "Y at the end" when the run had fewer than 1000 images. */
    private static String both(Memory mid, Memory end, java.util.function.Function<Memory, String> text) {
        return (mid == null ? "" : text.apply(mid) + " after " + MEMORY_AT + " images, ") + text.apply(end)
                + " at the end";
    }

    /** CPU ms per run between two readings, when both are available. */
    private static OptionalDouble perRun(OptionalDouble before, OptionalDouble after, long runs) {
        return before.isPresent() && after.isPresent()
                ? OptionalDouble.of((after.getAsDouble() - before.getAsDouble()) / runs) : OptionalDouble.empty();
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
