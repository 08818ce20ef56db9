package org.mobilenet4j.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import org.mobilenet4j.batch.BatchPipeline;
import org.mobilenet4j.batch.ImageSuffixes;
import org.mobilenet4j.batch.InputPaths;
import org.mobilenet4j.batch.OutputFormat;
import org.mobilenet4j.batch.Progress;
import org.mobilenet4j.batch.ResultWriter;
import org.mobilenet4j.batch.RowSchema;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a per-image task over the inputs of a batch command (files, folders, globs, "-") and streams the rows
 * to stdout; the summary and a progress bar (when stderr is a terminal) go to stderr. Exit code 1 when any
 * input failed.
 */
final class BatchRunner {
    private BatchRunner() {
    }

    /** All input kinds, for the INPUT parameter's help. */
    static final String INPUT_HELP = "image files, folders (recursive, sorted; files named as images), globs "
            + "(quoted: 'photos/**.jpg'), or - (one path per line on standard input)";

    static <R> int run(CommandSpec spec, List<String> arguments, PipelineOptions options, OutputFormat format,
                       RowSchema<R> schema, String pathKey, BatchPipeline.Task<R> task) throws java.io.IOException {
        int workers = options.workers(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InputPaths inputs = new InputPaths(arguments, BatchRunner::stdin, ImageSuffixes::accepts);
        Progress progress = Progress.stderrIsTerminal()
                ? new Progress(System.err, totalCounter(arguments)) : null;
        BatchPipeline.Summary summary;
        long[] failed = {0};
        try (ResultWriter<R> writer = new ResultWriter<>(format, schema, pathKey, out)) {
            summary = new BatchPipeline(workers, options.failFast).run(inputs, task, r -> {
                writer.accept(r);
                failed[0] += r.failed() ? 1 : 0;
                if (progress != null) {
                    progress.update(r.index() + 1, failed[0]);
                }
            });
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        if (inputs.skipped() > 0) {
            err.println("note: skipped " + inputs.skipped() + " file(s) in folders whose names are not images ("
                    + String.join(", ", ImageSuffixes.all()) + ")");
        }
        if (summary.stoppedEarly()) {
            long given = count(arguments);
            String rest = given < 0 ? "the rest" : "the other " + (given - summary.count());
            err.println("error: input " + summary.count() + (given < 0 ? "" : " of " + given)
                    + " failed; stopped there (--fail-fast), " + rest + " were left out");
        } else if (summary.failed() > 0) {
            err.println("error: " + summary.failed() + " of " + summary.count() + " input(s) failed; see their error rows");
        }
        err.flush();
        return summary.failed() > 0 ? 1 : 0;
    }

    private static BufferedReader stdin() {
        return new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
    }

    /** Counts the inputs on a background thread, for the progress bar's total; unknown (-1) with "-". */
    private static java.util.function.LongSupplier totalCounter(List<String> arguments) {
        java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong(-1);
        if (!arguments.contains("-")) {
            Thread t = new Thread(() -> total.set(count(arguments)), "batch-input-counter");
            t.setDaemon(true);
            t.start();
        }
        return total::get;
    }

    /** How many inputs the arguments give (each folder walked, each glob expanded); -1 with "-" (unknown). */
    private static long count(List<String> arguments) {
        if (arguments.contains("-")) {
            return -1;
        }
        InputPaths count = new InputPaths(arguments, () -> null, ImageSuffixes::accepts);
        long n = 0;
        while (count.hasNext()) {
            count.next();
            n++;
        }
        return n;
    }
}
