package org.mobilenet4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mobilenet4j.batch.RowSchema;
import org.mobilenet4j.task.Classification;

/** A classified image as a row: top-K index, label and score (CSV columns index_k, label_k, score_k). */
final class ClassificationRows implements RowSchema<List<Classification>> {
    private final int top;

    ClassificationRows(int top) {
        this.top = top;
    }

    @Override
    public List<String> csvColumns() {
        List<String> c = new ArrayList<>();
        for (int k = 1; k <= top; k++) {
            c.add("index_" + k);
            c.add("label_" + k);
            c.add("score_" + k);
        }
        return c;
    }

    @Override
    public List<String> csvCells(List<Classification> value) {
        List<String> c = new ArrayList<>();
        for (Classification r : value) {
            c.add(Integer.toString(r.index()));
            c.add(r.label());
            c.add(Float.toString(r.score()));
        }
        return c;
    }

    @Override
    public void addJson(JsonObject row, List<Classification> value) {
        JsonArray rs = new JsonArray();
        for (Classification c : value) {
            JsonObject r = new JsonObject();
            r.addProperty("index", c.index());
            r.addProperty("label", c.label());
            r.addProperty("score", c.score());
            rs.add(r);
        }
        row.add("results", rs);
    }

    @Override
    public List<String> textLines(List<Classification> value) {
        List<String> lines = new ArrayList<>();
        for (Classification c : value) {
            lines.add(String.format(Locale.ROOT, "%4d  %-30s %.4f", c.index(), c.label(), c.score()));
        }
        return lines;
    }
}
