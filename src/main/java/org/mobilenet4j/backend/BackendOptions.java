package org.mobilenet4j.backend;

/**
 * Options every backend understands.
 *
 * @param numThreads threads per inference, at least 1 (backends without threading ignore it)
 */
public record BackendOptions(int numThreads) {
    public BackendOptions {
        if (numThreads < 1) {
            throw new IllegalArgumentException("numThreads must be at least 1, got " + numThreads);
        }
    }

    public static BackendOptions defaults() {
        return new BackendOptions(1);
    }
}
