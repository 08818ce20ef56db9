package org.mobilenet4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mobilenet4j.backend.Backends;

/**
 * What {@link MobileNetClassifier} and {@link MobileNetEmbedder} share: the input column (Spark's image schema, or
 * encoded image bytes), the model and how it runs, an error column, persistence, and the transform itself. The
 * driver reads the model (and head) once per {@code transform} and broadcasts its bytes; each executor JVM loads it
 * once for all its tasks ({@link ExecutorModels}). Each task maps its partition's rows with up to {@link #inFlight()}
 * images decoded and run at once ({@link AheadIterator}), output rows in input order. A row whose image cannot be
 * decoded gets null outputs and the reason in the error column; the job goes on.
 *
 * <p>Thread safety: like every Spark ML stage, set params before use, not while transforming.
 *
 * @param <T> the concrete transformer (setters return it)
 */
public abstract class MobileNetTransformer<T extends MobileNetTransformer<T>> extends Transformer
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> errorCol;
    private final Param<String> model;
    private final Param<String> head;
    private final Param<String> backend;
    private final IntParam numThreads;
    private final IntParam inFlight;
    private final DoubleParam crop;

    protected MobileNetTransformer(String uid) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "input column: Spark's image schema (image source) or binary "
                + "image file content (binaryFile source)");
        errorCol = new Param<>(this, "errorCol", "output column: why a row's image could not be processed, or null");
        model = new Param<>(this, "model", ".tflite path readable on the driver, or a catalog model name");
        head = new Param<>(this, "head", ".tflite head run after the model (path readable on the driver); empty: "
                + "the catalog's head for a catalog model, else none");
        backend = new Param<>(this, "backend", "backend name (" + String.join(", ", Backends.names())
                + "); empty: the best one on each executor",
                ParamValidators.inArray(Stream.concat(Stream.of(""), Backends.names().stream()).toArray(String[]::new)));
        numThreads = new IntParam(this, "numThreads", "threads inside one image's inference (>= 1); Spark's "
                + "parallelism is its tasks", ParamValidators.gtEq(1));
        inFlight = new IntParam(this, "inFlight", "images of one task decoded and run at once: the task's thread and "
                + "inFlight - 1 threads of a pool shared by the JVM's tasks (>= 1; 1: all on the task's thread)",
                ParamValidators.gtEq(1));
        crop = new DoubleParam(this, "crop", "centre crop fraction of the shorter side, in (0, 1]",
                ParamValidators.inRange(0, 1, false, true));
        setDefault(inputCol, "image");
        setDefault(errorCol, "error");
        setDefault(head, "");
        setDefault(backend, "");
        setDefault(numThreads, 1);
        setDefault(inFlight, 2);
        setDefault(crop, 1.0);
    }

    static String newUid(String prefix) {
        return Identifiable.randomUID(prefix);
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> errorCol() {
        return errorCol;
    }

    public Param<String> model() {
        return model;
    }

    public Param<String> head() {
        return head;
    }

    public Param<String> backend() {
        return backend;
    }

    public IntParam numThreads() {
        return numThreads;
    }

    public IntParam inFlight() {
        return inFlight;
    }

    public DoubleParam crop() {
        return crop;
    }

    public T setInputCol(String v) {
        set(inputCol, v);
        return self();
    }

    public T setErrorCol(String v) {
        set(errorCol, v);
        return self();
    }

    /** A .tflite path the driver can read, or a catalog name (fetched on the driver); shipped to executors. */
    public T setModel(String v) {
        set(model, v);
        return self();
    }

    /** A .tflite head run after the model (an embedding extractor's classifier head); shipped to executors. */
    public T setHead(String v) {
        set(head, v);
        return self();
    }

    public T setBackend(String v) {
        set(backend, v);
        return self();
    }

    public T setNumThreads(int v) {
        set(numThreads, v);
        return self();
    }

    public T setInFlight(int v) {
        set(inFlight, v);
        return self();
    }

    public T setCrop(double v) {
        set(crop, v);
        return self();
    }

    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    public String getErrorCol() {
        return getOrDefault(errorCol);
    }

    public String getModel() {
        return isDefined(model) ? getOrDefault(model) : null;
    }

    public String getHead() {
        return getOrDefault(head);
    }

    public String getBackend() {
        return getOrDefault(backend);
    }

    public int getNumThreads() {
        return (Integer) getOrDefault(numThreads);
    }

    public int getInFlight() {
        return (Integer) getOrDefault(inFlight);
    }

    public double getCrop() {
        return (Double) getOrDefault(crop);
    }

    /**
     * The executor-side part of a transformer: loads its task and turns a result into struct fields.
     *
     * @param <R> the result of one image
     */
    interface Outputs<R> extends Serializable {
        ImageTask<R> load(TaskSpec spec, ShippedModel shipped);

        /** The values of every field of {@link #outputColumns()}, in order, for one result. */
        Object[] fields(R result);
    }

    /** The labels param of a classifier ("" for the default choice), or null for a task that has no labels. */
    abstract String labelsParam();

    /** The task spec for the resolved model. */
    abstract TaskSpec spec(ShippedModel shipped, String backendName, int threads, double cropFraction);

    abstract Outputs<?> outputs();

    /** The result's fields, with the output column each one goes to (null or empty: not produced). */
    abstract Map<StructField, String> outputColumns();

    /** Output column -> its field, the error column last. */
    private Map<String, StructField> columns() {
        Map<String, StructField> cols = new LinkedHashMap<>();
        outputColumns().forEach((field, col) -> {
            if (col != null && !col.isEmpty()) {
                cols.put(col, field);
            }
        });
        cols.put(getErrorCol(), DataTypes.createStructField("error", DataTypes.StringType, true));
        return cols;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String in = getInputCol();
        if (!Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("input column '" + in + "' not found; columns: "
                    + String.join(", ", schema.fieldNames()));
        }
        String why = ImageInput.unsupportedReason(schema.apply(in).dataType());
        if (why != null) {
            throw new IllegalArgumentException("input column '" + in + "' must be Spark's image schema or binary "
                    + "image content, got " + why);
        }
        StructType out = schema;
        for (Map.Entry<String, StructField> c : columns().entrySet()) {
            if (Arrays.asList(out.fieldNames()).contains(c.getKey())) {
                throw new IllegalArgumentException("output column '" + c.getKey() + "' already exists");
            }
            out = out.add(c.getKey(), c.getValue().dataType(), true);
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        StructType outSchema = transformSchema(schema);
        String labels = labelsParam();
        ShippedModel shipped = ModelResolver.resolve(getModel(), getHead(), labels == null ? "" : labels,
                labels != null);
        TaskSpec spec = spec(shipped, getBackend(), getNumThreads(), getCrop());
        Broadcast<ShippedModel> broadcast = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext())
                .broadcast(shipped);
        List<StructField> all = new ArrayList<>(outputColumns().keySet());
        Map<String, StructField> produced = columns();
        int[] kept = produced.values().stream().mapToInt(all::indexOf).filter(i -> i >= 0).toArray();
        List<String> names = Arrays.asList(schema.fieldNames());
        int path = names.contains("path") && schema.apply("path").dataType().equals(DataTypes.StringType)
                ? names.indexOf("path") : -1;
        PartitionRunner<?> runner = new PartitionRunner<>(spec, broadcast, outputs(), names.indexOf(getInputCol()),
                path, kept, getInFlight());
        return dataset.toDF().mapPartitions(runner, Encoders.row(outSchema));
    }

    @Override
    public T copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public void save(String path) throws IOException {
        write().save(path);
    }
}
