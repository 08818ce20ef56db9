package org.mobilenet4j.backend;

/**
 * Options every backend understands.
 *
 * @param numThreads   threads per inference, at least 1 (backends without threading ignore it)
 * @param memoryBudget bytes a compiled graph may plan ({@link MemoryBudget}); a graph that may need more is
 *                     refused with an {@link org.mobilenet4j.model.InvalidModelException}
 */
public record BackendOptions(int numThreads, long memoryBudget) {
    public BackendOptions {
        if (numThreads < 1) {
            throw new IllegalArgumentException("numThreads must be at least 1, got " + numThreads);
        }
        if (memoryBudget < 1) {
            throw new IllegalArgumentException("memoryBudget must be positive, got " + memoryBudget);
        }
    }

    /** {@code numThreads} threads and the default memory budget ({@link MemoryBudget#defaultBytes()}). */
    public BackendOptions(int numThreads) {
        this(numThreads, MemoryBudget.defaultBytes());
    }

    public static BackendOptions defaults() {
        return new BackendOptions(1);
    }
}
