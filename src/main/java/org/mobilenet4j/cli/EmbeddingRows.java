package org.mobilenet4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.mobilenet4j.batch.RowSchema;
import org.mobilenet4j.task.Embedding;

/**
 * An embedded image as a row: JSON fields {@code layer} and {@code embedding} (floats, or the int8 values of a
 * quantized {@link Embedding}); CSV columns {@code e0 … e(d-1)}. Immutable, so safe to share.
 */
final class EmbeddingRows implements RowSchema<Embedding> {
    private final String layer;
    private final int dimension;

    /**
     * @param layer     the tensor the embeddings are read from
     * @param dimension values per embedding (the CSV columns)
     */
    EmbeddingRows(String layer, int dimension) {
        this.layer = layer;
        this.dimension = dimension;
    }

    @Override
    public List<String> csvColumns() {
        List<String> c = new ArrayList<>(dimension);
        for (int i = 0; i < dimension; i++) {
            c.add("e" + i);
        }
        return c;
    }

    @Override
    public List<String> csvCells(Embedding value) {
        List<String> c = new ArrayList<>(dimension);
        if (value.isQuantized()) {
            for (byte q : value.quantized()) {
                c.add(Byte.toString(q));
            }
        } else {
            for (float v : value.values()) {
                c.add(Float.toString(v));
            }
        }
        return c;
    }

    @Override
    public void addJson(JsonObject row, Embedding value) {
        row.addProperty("layer", layer);
        JsonArray a = new JsonArray(dimension);
        if (value.isQuantized()) {
            for (byte q : value.quantized()) {
                a.add(q);
            }
        } else {
            for (float v : value.values()) {
                a.add(v);
            }
        }
        row.add("embedding", a);
    }

    /** The values on one line after the layer name (the text format is not offered by {@code embed}). */
    @Override
    public List<String> textLines(Embedding value) {
        return List.of(layer + ": " + String.join(" ", csvCells(value)));
    }
}
