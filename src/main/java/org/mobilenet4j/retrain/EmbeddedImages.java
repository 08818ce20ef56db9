package org.mobilenet4j.retrain;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.mobilenet4j.vision.imageio.Images;
import org.mobilenet4j.task.ImageEmbedder;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.RgbImage;

/**
 * The embeddings of a data set's images, in the data set's order, computed in parallel (one
 * {@link ImageEmbedder} call per image, {@code threads} at once) or read from an {@link EmbeddingCache}.
 * Files that cannot be read or decoded are reported (path and reason) and left out. Immutable.
 *
 * @param images     the images that were embedded
 * @param embeddings {@code embeddings[i]} is the embedding of {@code images.get(i)}
 * @param fromCache  how many came from the cache
 * @param problems   one line per file left out: path and reason
 */
public record EmbeddedImages(List<LabeledImage> images, float[][] embeddings, int fromCache, List<String> problems) {

    /**
     * Embeds {@code images}; {@code cache} may be null. Progress ("embedded N/M") goes to {@code progress}
     * every few percent.
     */
    public static EmbeddedImages compute(List<LabeledImage> images, ImageEmbedder embedder, EmbeddingCache cache,
                                         int threads, Consumer<String> progress) {
        int n = images.size();
        float[][] out = new float[n][];
        String[] problem = new String[n];
        AtomicInteger cached = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int dim = embedder.dimension();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "embed");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    LabeledImage img = images.get(k);
                    try {
                        String sha = cache == null ? null : EmbeddingCache.sha256(Files.readAllBytes(img.file()));
                        float[] v = cache == null ? null : cache.get(sha, dim);
                        if (v != null) {
                            cached.incrementAndGet();
                        } else {
                            v = embedder.embed(img.file()).values();
                            if (cache != null) {
                                cache.put(sha, v);
                            }
                        }
                        out[k] = v;
                    } catch (IOException e) {
                        problem[k] = img.file() + ": cannot read: " + e;
                    } catch (InvalidImageException e) {
                        problem[k] = img.file() + ": " + e.getMessage();
                    }
                    int d = done.incrementAndGet();
                    if (d == n || d % Math.max(1, n / 20) == 0) {
                        progress.accept("embedded " + d + "/" + n);
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
        List<LabeledImage> kept = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (out[i] != null) {
                kept.add(images.get(i));
                vectors.add(out[i]);
            } else {
                problems.add(problem[i]);
            }
        }
        return new EmbeddedImages(List.copyOf(kept), vectors.toArray(new float[0][]), cached.get(),
                List.copyOf(problems));
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
