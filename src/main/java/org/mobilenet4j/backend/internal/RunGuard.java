package org.mobilenet4j.backend.internal;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets calls run concurrently until closed, and makes closing wait for them: {@link #run} holds the read
 * lock, {@link #close} the write lock, so native memory is never freed under a running call. Closing is
 * idempotent; a call after it throws {@link IllegalStateException}.
 */
public final class RunGuard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String what;
    private boolean closed;

    /** {@code what} names the guarded object in the message of a call after close. */
    public RunGuard(String what) {
        this.what = what;
    }

    public <T> T run(Supplier<T> call) {
        enter();
        try {
            return call.get();
        } finally {
            exit();
        }
    }

    /**
     * Starts a call without a lambda (for per-inference paths): throws {@link IllegalStateException} once closed;
     * otherwise the caller must call {@link #exit()} in a {@code finally}.
     */
    public void enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new IllegalStateException(what + " is closed");
        }
    }

    /** Ends a call started by {@link #enter()}. */
    public void exit() {
        lock.readLock().unlock();
    }

    public void run(Runnable call) {
        run(() -> {
            call.run();
            return null;
        });
    }

    /** Throws {@link IllegalStateException} once closed. */
    public void checkOpen() {
        run(() -> { });
    }

    /**
     * Runs {@code release} once, after every running call has finished. Called from inside a call of the same
     * guard (on that call's thread), it throws {@link IllegalStateException} instead of waiting for itself.
     */
    public void close(Runnable release) {
        if (lock.getReadHoldCount() > 0) {
            // the write lock would wait for this thread's own call to end, forever
            throw new IllegalStateException("cannot close the " + what + " from inside one of its own calls "
                    + "(a Translator or callback): close it after the call returns");
        }
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                release.run();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
