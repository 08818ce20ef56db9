package org.mobilenet4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The models loaded in this JVM (an executor, or the driver in local mode), one per {@link TaskSpec#key()}:
 * every task and partition of every job that asks for the same model and options shares one, loaded by the
 * first task that needs it. All are closed when the JVM shuts down (the executor ends). Thread-safe.
 */
final class ExecutorModels {
    private static final Logger LOG = Logger.getLogger(ExecutorModels.class.getName());
    private static final Map<String, ImageTask<?>> TASKS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "mobilenet4j-spark-close"));
    }

    private ExecutorModels() {
    }

    /** The task of {@code spec}, built with {@code loader} if this JVM has none yet. */
    @SuppressWarnings("unchecked")
    static <R> ImageTask<R> get(TaskSpec spec, Supplier<ImageTask<R>> loader) {
        return (ImageTask<R>) TASKS.computeIfAbsent(spec.key(), k -> {
            LOADS.incrementAndGet();
            LOG.info(() -> "loading " + spec.modelName() + " for " + k);
            return loader.get();
        });
    }

    /** How many models this JVM has loaded so far (tests: once per key, not per partition). */
    static int loads() {
        return LOADS.get();
    }

    /** Closes and forgets every loaded model; later calls to {@link #get} load again. */
    static synchronized void closeAll() {
        List<ImageTask<?>> open = new ArrayList<>(TASKS.values());
        TASKS.clear();
        for (ImageTask<?> t : open) {
            t.close();
        }
    }
}
