package org.mobilenet4j.batch;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar (done / total, rate, ETA) redrawn on a terminal, at most every 200 ms. The total may
 * be unknown (-1) and become known later (it is counted alongside the run). Not thread-safe: one caller.
 */
public final class Progress {
    private final PrintStream err;
    private final LongSupplier total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    /**
     * True when stderr is a terminal: on Linux, file descriptor 2 links to a tty device (so a bar shows while
     * stdout goes to a file); elsewhere, {@link System#console()} (stdin and stdout are terminals).
     */
    public static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    public Progress(PrintStream err, LongSupplier total) {
        this.err = err;
        this.total = total;
    }

    public void update(long done, long failed) {
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        long t = total.getAsLong();
        StringBuilder line = new StringBuilder("\r");
        if (t > 0) {
            int width = 30;
            int bar = (int) Math.min(width, done * width / t);
            line.append('[').append("#".repeat(bar)).append(" ".repeat(width - bar)).append("] ");
            line.append(done).append('/').append(t);
        } else {
            line.append(done);
        }
        line.append(String.format(Locale.ROOT, "  %.1f images/s", rate));
        if (t > 0 && rate > 0) {
            long eta = Math.round((t - done) / rate);
            line.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
        }
        if (failed > 0) {
            line.append("  ").append(failed).append(" failed");
        }
        err.print(line.append("   "));
        err.flush();
        drawn = true;
    }

    /** Ends the bar's line, if one was drawn. */
    public void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
