package org.mobilenet4j.spark;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.imageio.Images;

/**
 * Runs on the executors, once per partition: takes the JVM's loaded task for the spec (loading it on first use),
 * then maps each row to itself plus the result's columns and the error column, up to {@code inFlight} rows at once
 * ({@link AheadIterator}). Everything it holds is serializable; the transformer is not captured.
 *
 * @param <R> the result of one image
 */
final class PartitionRunner<R> implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final TaskSpec spec;
    private final Broadcast<ShippedModel> shipped;
    private final MobileNetTransformer.Outputs<R> outputs;
    private final int input;
    private final int path;
    private final int[] kept;
    private final int inFlight;

    /**
     * @param input    the input column's index
     * @param path     a string column naming each row's image in messages (binaryFile's path), or -1
     * @param kept     the indices of the result fields that have an output column, in output order
     * @param inFlight images decoded and run at once per task
     */
    PartitionRunner(TaskSpec spec, Broadcast<ShippedModel> shipped, MobileNetTransformer.Outputs<R> outputs,
                    int input, int path, int[] kept, int inFlight) {
        this.spec = spec;
        this.shipped = shipped;
        this.outputs = outputs;
        this.input = input;
        this.path = path;
        this.kept = kept;
        this.inFlight = inFlight;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ImageTask<R> task = ExecutorModels.get(spec, () -> outputs.load(spec, shipped.value()));
        ImageLimits limits = ImageLimits.defaults();
        AheadIterator<Row, Row> out = new AheadIterator<>(rows, row -> apply(task, limits, row), inFlight);
        TaskContext context = TaskContext.get();
        if (context != null) {
            context.addTaskCompletionListener((TaskCompletionListener) c -> out.cancel());
        }
        return out;
    }

    private Row apply(ImageTask<R> task, ImageLimits limits, Row row) {
        int n = row.length();
        Object[] values = new Object[n + kept.length + 1];
        for (int i = 0; i < n; i++) {
            values[i] = row.get(i);
        }
        Object cell = values[input];
        try {
            String name = path >= 0 && values[path] != null ? (String) values[path]
                    : cell instanceof byte[] b ? "(" + b.length + " bytes)" : "image";
            Rgb8Image bytes = cell instanceof byte[] b ? Images.readRgb8(b, name, limits) : null;
            R result = bytes != null ? task.apply(bytes) : task.apply(ImageInput.decode(cell, name, limits));
            Object[] fields = outputs.fields(result);
            for (int k = 0; k < kept.length; k++) {
                values[n + k] = fields[kept[k]];
            }
        } catch (InvalidImageException | IllegalArgumentException e) {
            values[n + kept.length] = e.getMessage();
        }
        return RowFactory.create(values);
    }
}
