package org.mobilenet4j.batch;

import java.util.Locale;

/** Output formats of batch commands. */
public enum OutputFormat {
    /** a path line, then indented lines per result */
    TEXT,
    /** one JSON array, streamed: one object per line, written as each result arrives */
    JSON,
    /** one JSON object per line */
    JSONL,
    /** RFC 4180: a header row, then one row per input */
    CSV;

    /** The name users type. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
