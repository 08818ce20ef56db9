package org.mobilenet4j.batch;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes results in one {@link OutputFormat} as they arrive, flushing after each, so that a run that fails or is
 * stopped still leaves every finished row behind (and {@link #close()} completes a JSON array). Each row holds
 * the path under {@code pathKey}, then the task's fields, or an {@code error} field instead. Not thread-safe.
 */
public final class ResultWriter<R> implements BatchPipeline.Sink<R>, AutoCloseable {
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping()
            .create();

    private final OutputFormat format;
    private final RowSchema<R> schema;
    private final String pathKey;
    private final PrintWriter out;
    private long rows;
    private boolean closed;

    public ResultWriter(OutputFormat format, RowSchema<R> schema, String pathKey, PrintWriter out) {
        this.format = format;
        this.schema = schema;
        this.pathKey = pathKey;
        this.out = out;
        if (format == OutputFormat.CSV) {
            List<String> header = new ArrayList<>();
            header.add(pathKey);
            header.addAll(schema.csvColumns());
            header.add("error");
            out.println(csvLine(header));
        } else if (format == OutputFormat.JSON) {
            out.print("[");
        }
        out.flush();
    }

    /** Writes one row; an output that can no longer be written (a closed pipe) stops the run. */
    @Override
    public void accept(BatchResult<R> r) throws java.io.IOException {
        String path = r.path().toString();
        switch (format) {
            case TEXT -> {
                out.println(oneLine(path));
                if (r.failed()) {
                    out.println("  error: " + oneLine(r.error()));
                } else {
                    schema.textLines(r.value()).forEach(l -> out.println("  " + l));
                }
            }
            case JSON, JSONL -> {
                JsonObject o = new JsonObject();
                o.addProperty(pathKey, path);
                if (r.failed()) {
                    o.addProperty("error", r.error());
                } else {
                    schema.addJson(o, r.value());
                }
                if (format == OutputFormat.JSON) {
                    out.print(rows == 0 ? "\n" : ",\n");
                    out.print(COMPACT.toJson(o));
                } else {
                    out.println(COMPACT.toJson(o));
                }
            }
            case CSV -> {
                List<String> cells = new ArrayList<>();
                cells.add(path);
                int n = schema.csvColumns().size();
                List<String> own = r.failed() ? List.of() : schema.csvCells(r.value());
                for (int i = 0; i < n; i++) {
                    cells.add(i < own.size() ? own.get(i) : "");
                }
                cells.add(r.failed() ? r.error() : "");
                out.println(csvLine(cells));
            }
        }
        rows++;
        out.flush();
        if (out.checkError()) {
            throw new java.io.IOException("cannot write the results: the output was closed after " + rows + " row(s)");
        }
    }

    /**
     * {@code s} on one line for the text format: a control character (a newline in a file name) as its escape,
     * {@code \n}, {@code \r}, {@code \t} or {@code \xNN}, as csv quotes and json escapes it; the rest as it is.
     */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Ends the output (closes the JSON array); idempotent. Does not close the underlying writer. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (format == OutputFormat.JSON) {
                out.println(rows == 0 ? "]" : "\n]");
            }
            out.flush();
        }
    }

    static String csvLine(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                b.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
