package org.mobilenet4j.backend;

/**
 * Options every backend understands.
 *
 * @param numThreads   threads per inference, at least 1 (backends without threading ignore it)
 * @param memoryBudget bytes a compiled graph may plan ({@link MemoryBudget}); a graph that may need more is
 *                     refused with an {@link org.mobilenet4j.model.InvalidModelException}
 */
public record BackendOptions(int numThreads, long memoryBudget) {
    /**
     * The most threads per inference: more is a configuration mistake (each is an OS thread the inference
     * wakes for every operator), refused rather than left to bring the machine to a crawl.
     */
    public static final int MAX_THREADS = 256;

    public BackendOptions {
        checkThreads(numThreads);
        if (memoryBudget < 1) {
            throw new IllegalArgumentException("memoryBudget must be positive, got " + memoryBudget);
        }
    }

    /** {@code numThreads} threads and the default memory budget ({@link MemoryBudget#defaultBytes()}). */
    public BackendOptions(int numThreads) {
        this(numThreads, MemoryBudget.defaultBytes());
    }

    /** {@code n} if it is 1 to {@link #MAX_THREADS}, else an {@link IllegalArgumentException}. */
    public static int checkThreads(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("numThreads must be 1 to " + MAX_THREADS + ", got " + n);
        }
        return n;
    }

    public static BackendOptions defaults() {
        return new BackendOptions(1);
    }
}
