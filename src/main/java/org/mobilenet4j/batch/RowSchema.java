package org.mobilenet4j.batch;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * How a task's result is written in each output format. The path and error columns are written by
 * {@link ResultWriter}; a schema adds the task's own fields.
 */
public interface RowSchema<R> {

    /** CSV column names after the path column (the error column comes last). */
    List<String> csvColumns();

    /** CSV cells for a result, one per {@link #csvColumns()} entry (missing trailing cells are left empty). */
    List<String> csvCells(R value);

    /** Fields added to the JSON object of a result, after its path. */
    void addJson(JsonObject row, R value);

    /** Lines printed under the path in text format. */
    List<String> textLines(R value);
}
