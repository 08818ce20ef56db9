package org.mobilenet4j.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mobilenet4j.task.Classification;

/**
 * Classifies the images of a column with a MobileNet: the output column holds the top-K classes of each row,
 * best first, as {@code array<struct<index: int, label: string, score: float>>} (scores are probabilities;
 * labels from {@link #labels()}, else as the CLI finds them, else the index as text); a row whose image cannot be decoded gets null
 * there and the reason in {@link #errorCol()}.
 *
 * <pre>{@code
 * Dataset<Row> files = spark.read().format("binaryFile").load("photos/");
 * Dataset<Row> out = new MobileNetClassifier().setModel("mobilenet_v1_0.75_192_quant").setInputCol("content")
 *         .setTopK(5).transform(files);
 * }</pre>
 *
 * Persists with {@link #save} / {@link #load}, alone or in a {@code Pipeline} (the model is saved by name or
 * path, not by value). See {@link MobileNetTransformer} for the params every transformer shares.
 */
public final class MobileNetClassifier extends MobileNetTransformer<MobileNetClassifier> {
    private static final long serialVersionUID = 1L;

    /** The output struct's element type. */
    public static final StructType CLASS_TYPE = DataTypes.createStructType(new StructField[] {
        DataTypes.createStructField("index", DataTypes.IntegerType, false),
        DataTypes.createStructField("label", DataTypes.StringType, false),
        DataTypes.createStructField("score", DataTypes.FloatType, false)});

    private final Param<String> outputCol;
    private final IntParam topK;
    private final Param<String> labels;

    public MobileNetClassifier() {
        this(newUid("mobilenetClassifier"));
    }

    /** The constructor Spark's reader calls. */
    public MobileNetClassifier(String uid) {
        super(uid);
        outputCol = new Param<>(this, "outputCol", "output column: the top-K (index, label, score), best first");
        topK = new IntParam(this, "topK", "classes kept per image (>= 1)", ParamValidators.gtEq(1));
        labels = new Param<>(this, "labels", "labels file, one per line (path readable on the driver); empty: the "
                + "catalog's, else the model's metadata, else a labels.txt beside the model, else the index as text");
        setDefault(outputCol, "classes");
        setDefault(topK, 5);
        setDefault(labels, "");
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public IntParam topK() {
        return topK;
    }

    public Param<String> labels() {
        return labels;
    }

    /**
     * A labels file (one label per output, line i naming output i; Coral's "0  background" index prefixes are
     * removed), read on the driver and shipped with the model; it must have as many labels as the model outputs.
     */
    public MobileNetClassifier setLabels(String v) {
        set(labels, v);
        return this;
    }

    public String getLabels() {
        return getOrDefault(labels);
    }

    public MobileNetClassifier setOutputCol(String v) {
        set(outputCol, v);
        return this;
    }

    public MobileNetClassifier setTopK(int k) {
        set(topK, k);
        return this;
    }

    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    public int getTopK() {
        return (Integer) getOrDefault(topK);
    }

    public static MLReader<MobileNetClassifier> read() {
        return new DefaultParamsReadable<MobileNetClassifier>() {
        }.read();
    }

    public static MobileNetClassifier load(String path) {
        return read().load(path);
    }

    @Override
    String labelsParam() {
        return getLabels();
    }

    @Override
    TaskSpec spec(ShippedModel shipped, String backendName, int threads, double cropFraction) {
        return new TaskSpec("classify", shipped.modelName(), shipped.sha256(), ModelResolver.sha256(shipped.labels()),
                backendName, threads, cropFraction, getTopK(), "", false);
    }

    @Override
    Outputs<?> outputs() {
        return new ClassifierOutputs();
    }

    @Override
    Map<StructField, String> outputColumns() {
        Map<StructField, String> m = new LinkedHashMap<>();
        m.put(DataTypes.createStructField("classes", DataTypes.createArrayType(CLASS_TYPE, false), true),
                getOutputCol());
        return m;
    }

    private static final class ClassifierOutputs implements Outputs<List<Classification>> {
        private static final long serialVersionUID = 1L;

        @Override
        public ImageTask<List<Classification>> load(TaskSpec spec, ShippedModel shipped) {
            return new ClassifierTask(spec, shipped);
        }

        @Override
        public Object[] fields(List<Classification> result) {
            Row[] classes = new Row[result.size()];
            for (int i = 0; i < classes.length; i++) {
                Classification c = result.get(i);
                classes[i] = RowFactory.create(c.index(), c.label(), c.score());
            }
            return new Object[] {classes};
        }
    }
}
