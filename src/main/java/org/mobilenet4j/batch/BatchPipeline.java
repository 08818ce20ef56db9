package org.mobilenet4j.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a per-file task over a stream of inputs on worker threads and hands the results to a sink in input
 * order, as they complete. At most {@code 2 × workers} inputs are in flight (being decoded, inferred, or
 * finished and waiting for an earlier one), so memory does not grow with the number of inputs; the inputs are
 * pulled lazily on the calling thread. With several workers, one worker's decoding overlaps another's
 * inference. A path that is not a regular file (a folder, FIFO, device or socket) is refused without being
 * opened; a task failure becomes an error result and the run goes on, unless {@code failFast}.
 *
 * <p>The task must be safe to call from {@code workers} threads at once; the sink is called from the
 * calling thread only.
 */
public final class BatchPipeline {

    /** The work done on one file, on a worker thread. */
    @FunctionalInterface
    public interface Task<R> {
        R apply(Path file) throws Exception;
    }

    /** Receives results in input order, on the thread that called {@link #run}. */
    @FunctionalInterface
    public interface Sink<R> {
        void accept(BatchResult<R> result) throws IOException;
    }

    /** What a run did: inputs handed to the sink, how many of them failed, and whether it stopped early. */
    public record Summary(long count, long failed, boolean stoppedEarly) {
    }

    private final int workers;
    private final boolean failFast;

    /**
     * @param workers  worker threads, at least 1
     * @param failFast stop at the first failed input (results before it are still delivered)
     */
    public BatchPipeline(int workers, boolean failFast) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.workers = workers;
        this.failFast = failFast;
    }

    public <R> Summary run(Iterator<InputPaths.Entry> inputs, Task<R> task, Sink<R> sink) throws IOException {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "batch-worker-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Deque<Future<BatchResult<R>>> inFlight = new ArrayDeque<>();
        long index = 0;
        long count = 0;
        long failed = 0;
        try {
            while (true) {
                while (inFlight.size() < 2 * workers && inputs.hasNext()) {
                    InputPaths.Entry e = inputs.next();
                    long i = index++;
                    inFlight.add(pool.submit(() -> process(i, e, task)));
                }
                if (inFlight.isEmpty()) {
                    return new Summary(count, failed, false);
                }
                BatchResult<R> r = await(inFlight.poll());
                sink.accept(r);
                count++;
                if (r.failed()) {
                    failed++;
                    if (failFast) {
                        return new Summary(count, failed, inputs.hasNext() || !inFlight.isEmpty());
                    }
                }
            }
        } finally {
            inFlight.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    private static <R> BatchResult<R> await(Future<BatchResult<R>> f) {
        while (true) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            } catch (ExecutionException e) {
                // process() catches everything a task throws; only an Error gets here
                throw new IllegalStateException(ErrorText.of(e.getCause()), e.getCause());
            }
        }
    }

    private static <R> BatchResult<R> process(long index, InputPaths.Entry e, Task<R> task) {
        if (e.problem() != null) {
            return new BatchResult<>(index, e.path(), null, e.problem());
        }
        String refused = refusal(e.path());
        if (refused != null) {
            return new BatchResult<>(index, e.path(), null, refused);
        }
        try {
            return new BatchResult<>(index, e.path(), task.apply(e.path()), null);
        } catch (Exception | OutOfMemoryError | StackOverflowError ex) {
            return new BatchResult<>(index, e.path(), null, ErrorText.of(ex));
        }
    }

    /** Why a path is not read (without opening it), or null for a regular file. */
    static String refusal(Path p) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException ex) {
            return "no such file " + p.toAbsolutePath();
        } catch (IOException ex) {
            return "cannot read the attributes of " + p.toAbsolutePath() + ": " + ErrorText.of(ex);
        }
        if (a.isDirectory()) {
            return p.toAbsolutePath() + " is a folder, not a file";
        }
        if (a.isOther()) {
            return p.toAbsolutePath() + " is not a regular file (a FIFO, device or socket); refused without reading it";
        }
        return null;
    }
}
