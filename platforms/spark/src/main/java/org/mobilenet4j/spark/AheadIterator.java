package org.mobilenet4j.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A partition's rows mapped through a function with up to {@code inFlight} rows being worked on at once, results in
 * input order: the next {@code inFlight - 1} rows are queued on a pool the JVM's tasks share while the task's own
 * thread works on the oldest row (or, if a pool thread got to it first, waits for it). One image's decoding thus
 * overlaps another's inference, and a partition that runs alone at the end of a stage still keeps more than one
 * core busy. Input rows are pulled on the calling (task) thread only, as Spark requires. Not thread-safe: one
 * task's iterator.
 *
 * @param <I> input row
 * @param <O> output row
 */
final class AheadIterator<I, O> implements Iterator<O> {
    /** Daemon threads, as many as the JVM's processors (cgroup limits included), shared by every task. */
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), new java.util.concurrent.ThreadFactory() {
                private final AtomicInteger n = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "mobilenet4j-spark-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });

    private final Iterator<I> input;
    private final Function<I, O> function;
    private final int inFlight;
    private final Deque<FutureTask<O>> queued = new ArrayDeque<>();

    /** {@code inFlight} 1: everything on the calling thread, nothing queued. */
    AheadIterator(Iterator<I> input, Function<I, O> function, int inFlight) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
        }
        this.input = input;
        this.function = function;
        this.inFlight = inFlight;
    }

    @Override
    public boolean hasNext() {
        return !queued.isEmpty() || input.hasNext();
    }

    @Override
    public O next() {
        if (inFlight == 1) {
            return function.apply(input.next());
        }
        while (queued.size() < inFlight && input.hasNext()) {
            I row = input.next();
            FutureTask<O> work = new FutureTask<>(() -> function.apply(row));
            queued.add(work);
            if (queued.size() > 1) {
                POOL.execute(work);
            }
        }
        FutureTask<O> oldest = queued.poll();
        if (oldest == null) {
            throw new NoSuchElementException();
        }
        oldest.run(); // a no-op if a pool thread has started it
        try {
            return oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new CancellationException("task interrupted");
        } catch (ExecutionException e) {
            cancel();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Drops the rows queued and not yet started (the task failed or was killed). */
    void cancel() {
        for (FutureTask<O> f : queued) {
            f.cancel(false);
        }
        queued.clear();
    }
}
