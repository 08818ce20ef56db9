package org.mobilenet4j.retrain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mobilenet4j.batch.BatchPipeline;
import org.mobilenet4j.batch.InputPaths;
import org.mobilenet4j.vision.imageio.Images;
import org.mobilenet4j.task.ImageEmbedder;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.RgbImage;

/**
 * The embeddings of a data set's images, in the data set's order, computed through a
 * {@link BatchPipeline} or read from an {@link EmbeddingCache}. The pipeline's workers (at least as many as
 * the processors) read, hash, decode and resize files while at most {@code threads} of them run the model, so
 * decoding overlaps inference even with one inference at a time. Files that cannot be read or decoded are
 * reported (path and reason) and left out. Immutable.
 *
 * @param images     the images that were embedded
 * @param embeddings {@code embeddings[i]} is the embedding of {@code images.get(i)}
 * @param fromCache  how many came from the cache
 * @param problems   one line per file left out: path and reason
 */
public record EmbeddedImages(List<LabeledImage> images, float[][] embeddings, int fromCache, List<String> problems) {

    /** What one file gave: its embedding (and whether it was cached), or why it was left out. */
    private record Outcome(float[] embedding, boolean cached, String problem) {
    }

    /**
     * Embeds {@code images} with at most {@code threads} model runs at once; {@code cache} may be null.
     * Progress ("embedded N/M") goes to {@code progress} every few percent, from the calling thread, then
     * how busy the model was: the share of the wall time during which the {@code threads} model runs were
     * going (near 100 %: decoding is hidden behind inference).
     */
    public static EmbeddedImages compute(List<LabeledImage> images, ImageEmbedder embedder, EmbeddingCache cache,
                                         int threads, Consumer<String> progress) {
        int n = images.size();
        int dim = embedder.dimension();
        Semaphore inference = new Semaphore(Math.max(1, threads), true);
        int workers = Math.max(Math.max(1, threads), Runtime.getRuntime().availableProcessors());
        Iterator<InputPaths.Entry> inputs = images.stream().map(i -> new InputPaths.Entry(i.file(), null)).iterator();
        List<LabeledImage> kept = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int[] cached = new int[1];
        AtomicLong busyNanos = new AtomicLong();
        long start = System.nanoTime();
        try {
            BatchPipeline.Task<Outcome> task = file -> embed(file, embedder, cache, dim, inference, busyNanos);
            new BatchPipeline(workers, false).run(inputs, task, r -> {
                Outcome o = r.value();
                if (r.failed() && Files.isRegularFile(r.path())) {
                    // not a file problem (those are Outcomes): the model failed, which no other file escapes
                    throw new IllegalStateException("embedding " + r.path() + " failed: " + r.error());
                }
                String problem = r.failed() ? r.path() + ": " + r.error() : o.problem();
                if (problem != null) {
                    problems.add(problem);
                } else {
                    kept.add(images.get((int) r.index()));
                    vectors.add(o.embedding());
                    cached[0] += o.cached() ? 1 : 0;
                }
                long d = r.index() + 1;
                if (d == n || d % Math.max(1, n / 20) == 0) {
                    progress.accept("embedded " + d + "/" + n);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sink does no I/O
        }
        long wall = System.nanoTime() - start;
        if (busyNanos.get() > 0) {
            progress.accept(String.format(Locale.ROOT, "model busy %.0f%% of the embedding time (%d run(s) at a time)",
                    100.0 * busyNanos.get() / wall / Math.max(1, threads), Math.max(1, threads)));
        }
        return new EmbeddedImages(List.copyOf(kept), vectors.toArray(new float[0][]), cached[0],
                List.copyOf(problems));
    }

    private static Outcome embed(Path file, ImageEmbedder embedder, EmbeddingCache cache, int dim,
                                 Semaphore inference, AtomicLong busyNanos) throws InterruptedException {
        try {
            String sha = cache == null ? null : EmbeddingCache.sha256(Files.readAllBytes(file));
            float[] v = cache == null ? null : cache.get(sha, dim);
            if (v != null) {
                return new Outcome(v, true, null);
            }
            ImageEmbedder.Prepared image = embedder.prepare(file);
            inference.acquire();
            long t0 = System.nanoTime();
            try {
                v = embedder.embed(image).values();
            } finally {
                busyNanos.addAndGet(System.nanoTime() - t0);
                inference.release();
            }
            if (cache != null) {
                cache.put(sha, v);
            }
            return new Outcome(v, false, null);
        } catch (IOException e) {
            return new Outcome(null, false, file + ": cannot read: " + e);
        } catch (InvalidImageException e) {
            return new Outcome(null, false, file + ": " + e.getMessage());
        }
    }

    /**
     * {@code copies} random variants ({@link Augmentation}) of each of {@code images}, embedded without the
     * cache (they differ every seed), as training examples; unreadable images are left out.
     */
    public static Examples augmented(List<LabeledImage> images, int copies, long seed, ImageEmbedder embedder,
                                     int threads) {
        int n = images.size() * copies;
        float[][] out = new float[n][];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "augment");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    RgbImage img;
                    try {
                        img = Images.read(images.get(k).file());
                    } catch (InvalidImageException e) {
                        return null; // already reported by compute()
                    }
                    for (int c = 0; c < copies; c++) {
                        out[k * copies + c] = embedder.embed(Augmentation.variant(img,
                                seed * 1_000_003L + (long) k * copies + c)).values();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding images", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c.getMessage(), c);
        } finally {
            pool.shutdownNow();
        }
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<LabeledImage> which = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (out[i] != null) {
                x.add(out[i]);
                y.add(images.get(i / copies).label());
                which.add(images.get(i / copies));
            }
        }
        return new Examples(x.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray(), which);
    }

    /** The embeddings of one split, with their labels. */
    public Examples examples(Split split) {
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<LabeledImage> which = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).split() == split) {
                x.add(embeddings[i]);
                y.add(images.get(i).label());
                which.add(images.get(i));
            }
        }
        return new Examples(x.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray(), which);
    }
}
