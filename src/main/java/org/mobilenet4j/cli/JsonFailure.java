package org.mobilenet4j.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import org.mobilenet4j.batch.OutputFormat;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * A command that fails as a whole after being asked for JSON (--json, --format json or jsonl) still leaves valid
 * JSON on stdout: one object {@code {"error": "...", "exitCode": N}} (one line with jsonl), with the words of
 * stderr's "error:" line. Nothing is added when the command had already written to stdout (a JSON array it
 * started is closed by its writer and stays the whole output).
 */
final class JsonFailure {
    private JsonFailure() {
    }

    /** Runs the chosen command as {@link CommandLine.RunLast} does, noting whether it writes to its stdout. */
    static CommandLine.IExecutionStrategy watchingOutput() {
        return parseResult -> {
            CommandLine c = leaf(parseResult).commandSpec().commandLine();
            c.setOut(new WatchedOutput(c.getOut()));
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError e) {
                // picocli lets an Error through to a stack trace: reported as any failure, with what to do
                throw new CommandLine.ExecutionException(c, outOfMemory(Runtime.getRuntime().maxMemory()), e);
            }
        };
    }

    /** What an OutOfMemoryError means to a user: the heap this JVM was given, and how to give it more. */
    static String outOfMemory(long maxHeapBytes) {
        return "out of memory: the Java heap (" + (maxHeapBytes >> 20) + " MiB) is too small for this; give the JVM"
                + " more (java -Xmx4g -jar ...) or use smaller inputs";
    }

    /**
     * Prints the error object on {@code c}'s stdout if its command was asked for JSON and has written nothing.
     * @param args the command line, read when the parse stopped before the format options (a usage error)
     */
    static void report(CommandLine c, List<String> args, String message, int exitCode) {
        PrintWriter out = c.getOut();
        if (out instanceof WatchedOutput w && w.written) {
            return;
        }
        OutputFormat format = requested(c, args);
        if (format != OutputFormat.JSON && format != OutputFormat.JSONL) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        o.addProperty("exitCode", exitCode);
        out.println(format == OutputFormat.JSONL ? o.toString() : Json.GSON.toJson(o));
        out.flush();
    }

    /** The format the command line asked for: from what the parse matched, else from the words given. */
    private static OutputFormat requested(CommandLine c, List<String> args) {
        ParseResult pr = c.getParseResult();
        if (pr != null && pr.hasMatchedOption("--json")) {
            return OutputFormat.JSON;
        }
        Object f = pr == null ? null : pr.matchedOptionValue("--format", null);
        if (f instanceof OutputFormat given) {
            return given;
        }
        // a usage error can stop the parse before --json or --format is reached
        boolean hasJson = c.getCommandSpec().findOption("--json") != null;
        boolean hasFormat = c.getCommandSpec().findOption("--format") != null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            String value = a.startsWith("--format=") ? a.substring("--format=".length())
                    : a.equals("--format") && i + 1 < args.size() ? args.get(i + 1) : null;
            if (hasJson && a.equals("--json")) {
                return OutputFormat.JSON;
            }
            if (hasFormat && value != null) {
                for (OutputFormat of : OutputFormat.values()) {
                    if (of.option().equals(value)) {
                        return of;
                    }
                }
            }
        }
        return null;
    }

    private static ParseResult leaf(ParseResult pr) {
        while (pr.hasSubcommand()) {
            pr = pr.subcommand();
        }
        return pr;
    }

    /** A stdout that remembers whether anything was written to it (errors and flushes go to the one it wraps). */
    private static final class WatchedOutput extends PrintWriter {
        private boolean written;

        WatchedOutput(PrintWriter out) {
            super(out);
        }

        @Override
        public void write(int c) {
            written = true;
            super.write(c);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            written = true;
            super.write(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            written = true;
            super.write(s, off, len);
        }
    }
}
