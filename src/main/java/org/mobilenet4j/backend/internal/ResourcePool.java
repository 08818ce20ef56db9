package org.mobilenet4j.backend.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Per-caller native resources (XNNPACK runtimes, GEMM scratch): a running call takes one, making a new one only
 * when all are in use, and gives it back; so there are as many as the most concurrent callers seen.
 * {@link #close()} closes them all and must only run when no call holds one (see {@link RunGuard}). The most
 * recently returned resource is kept in a slot of its own, so a single caller takes and gives it back without
 * allocating (the deque's nodes are for the rest).
 */
public final class ResourcePool<T extends AutoCloseable> implements AutoCloseable {
    private final Supplier<T> factory;
    private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
    private final List<T> all = new ArrayList<>();
    private final AtomicReference<T> last = new AtomicReference<>();

    public ResourcePool(Supplier<T> factory) {
        this.factory = factory;
    }

    public T take() {
        T t = last.getAndSet(null);
        if (t != null) {
            return t;
        }
        t = idle.poll();
        if (t == null) {
            t = factory.get();
            synchronized (all) {
                all.add(t);
            }
        }
        return t;
    }

    public void give(T t) {
        if (!last.compareAndSet(null, t)) {
            idle.push(t);
        }
    }

    /** An idle resource, if any, without taking it. */
    public T peek() {
        T t = last.get();
        return t != null ? t : idle.peek();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        synchronized (all) {
            for (T t : all) {
                try {
                    t.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new IllegalStateException("closing " + t + " failed", e);
                    }
                }
            }
            all.clear();
        }
        idle.clear();
        last.set(null);
        if (failure != null) {
            throw failure;
        }
    }
}
