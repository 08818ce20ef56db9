package org.mobilenet4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.vision.InvalidImageException;

/**
 * What {@link MobileNetClassifier} and {@link MobileNetEmbedder} share: the input column (Spark's image
 * schema, or encoded image bytes), the model and how it runs, an error column, persistence, and the transform
 * itself. The driver reads the model once per {@code transform} and broadcasts its bytes; each executor JVM
 * loads it once for all its tasks ({@link ExecutorModels}). A row whose image cannot be decoded gets null
 * outputs and the reason in the error column; the job goes on.
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
    private final Param<String> backend;
    private final IntParam numThreads;
    private final DoubleParam crop;

    protected MobileNetTransformer(String uid) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "input column: Spark's image schema (image source) or binary "
                + "image file content (binaryFile source)");
        errorCol = new Param<>(this, "errorCol", "output column: why a row's image could not be processed, or null");
        model = new Param<>(this, "model", ".tflite path readable on the driver, or a catalog model name");
        backend = new Param<>(this, "backend", "backend name (" + String.join(", ", Backends.names())
                + "); empty: the best one on each executor",
                ParamValidators.inArray(Stream.concat(Stream.of(""), Backends.names().stream()).toArray(String[]::new)));
        numThreads = new IntParam(this, "numThreads", "threads per image in each task (>= 1)",
                ParamValidators.gtEq(1));
        crop = new DoubleParam(this, "crop", "centre crop fraction of the shorter side, in (0, 1]",
                ParamValidators.inRange(0, 1, false, true));
        setDefault(inputCol, "image");
        setDefault(errorCol, "error");
        setDefault(backend, "");
        setDefault(numThreads, 1);
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

    public Param<String> backend() {
        return backend;
    }

    public IntParam numThreads() {
        return numThreads;
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

    public T setBackend(String v) {
        set(backend, v);
        return self();
    }

    public T setNumThreads(int v) {
        set(numThreads, v);
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

    /**
     * The executor-side part of a transformer: loads its task and turns a result into struct fields.
     *
     * @param <R> the result of one image
     */
    interface Outputs<R> extends Serializable {
        ImageTask<R> load(TaskSpec spec, byte[] model);

        /** The fields of {@link #resultType()} except the trailing error, for one result. */
        Object[] fields(R result);
    }

    /** The task spec for the resolved model. */
    abstract TaskSpec spec(ModelSource source, String backendName, int threads, double cropFraction);

    abstract Outputs<?> outputs();

    /** The result struct's fields before "error", with the output column each one goes to (absent: dropped). */
    abstract Map<StructField, String> outputColumns();

    private StructType resultType() {
        List<StructField> fields = new ArrayList<>(outputColumns().keySet());
        fields.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

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
        transformSchema(dataset.schema());
        ModelSource source = ModelResolver.resolve(getModel());
        TaskSpec spec = spec(source, getOrDefault(backend), (Integer) getOrDefault(numThreads),
                (Double) getOrDefault(crop));
        ByteBuffer view = source.bytes();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        Broadcast<byte[]> shipped = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext())
                .broadcast(bytes);
        UserDefinedFunction run = functions.udf(cellFunction(spec, shipped, outputs(), outputColumns().size()),
                resultType()).asNondeterministic();
        String tmp = "__mobilenet4j_" + uid;
        Dataset<Row> withResult = dataset.toDF().withColumn(tmp, run.apply(functions.col(getInputCol())));
        List<Column> select = new ArrayList<>();
        for (String c : dataset.schema().fieldNames()) {
            select.add(functions.col("`" + c.replace("`", "``") + "`"));
        }
        columns().forEach((col, field) -> select.add(functions.col(tmp).getField(field.name()).as(col)));
        return withResult.select(select.toArray(new Column[0]));
    }

    /** Runs on executors: everything it captures is serializable, the transformer is not captured. */
    private static <R> UDF1<Object, Row> cellFunction(TaskSpec spec, Broadcast<byte[]> shipped, Outputs<R> outputs,
                                                      int resultFields) {
        return cell -> {
            ImageTask<R> task = ExecutorModels.get(spec, () -> outputs.load(spec, shipped.value()));
            Object[] values = new Object[resultFields + 1];
            try {
                Object[] f = outputs.fields(ImageInput.apply(task, cell));
                System.arraycopy(f, 0, values, 0, resultFields);
            } catch (InvalidImageException | IllegalArgumentException e) {
                values[resultFields] = e.getMessage();
            }
            return RowFactory.create(values);
        };
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
