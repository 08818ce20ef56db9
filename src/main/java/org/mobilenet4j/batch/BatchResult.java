package org.mobilenet4j.batch;

import java.nio.file.Path;

/**
 * The outcome of one input: its position in input order (from 0), its path, and either the task's value or,
 * when it failed, the error in plain words.
 */
public record BatchResult<R>(long index, Path path, R value, String error) {

    public boolean failed() {
        return error != null;
    }
}
