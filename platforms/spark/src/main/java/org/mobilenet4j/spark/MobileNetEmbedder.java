package org.mobilenet4j.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Embeds the images of a column with a MobileNet (the library's {@code ImageEmbedder}: by default the input
 * of the classifier's last layer, or the output of an embedding extractor). Outputs: {@link #outputCol()}, an
 * {@code array<float>} (empty name: not produced), and {@link #vectorCol()}, the same values as an ML
 * {@code Vector} for Spark ML estimators such as {@code LogisticRegression} (unset: not produced). A row whose
 * image cannot be decoded gets nulls and the reason in {@link #errorCol()}: filter those rows before fitting.
 *
 * <pre>{@code
 * Pipeline p = new Pipeline().setStages(new PipelineStage[] {
 *     new MobileNetEmbedder().setModel(extractor).setInputCol("content").setVectorCol("features"),
 *     new StringIndexer().setInputCol("class").setOutputCol("label"),
 *     new LogisticRegression()});
 * }</pre>
 *
 * Persists with {@link #save} / {@link #load}, alone or in a {@code Pipeline}.
 */
public final class MobileNetEmbedder extends MobileNetTransformer<MobileNetEmbedder> {
    private static final long serialVersionUID = 1L;

    private final Param<String> outputCol;
    private final Param<String> vectorCol;
    private final Param<String> layer;
    private final BooleanParam l2Normalize;

    public MobileNetEmbedder() {
        this(newUid("mobilenetEmbedder"));
    }

    /** The constructor Spark's reader calls. */
    public MobileNetEmbedder(String uid) {
        super(uid);
        outputCol = new Param<>(this, "outputCol", "output column: the embedding as array<float>; empty: none");
        vectorCol = new Param<>(this, "vectorCol", "output column: the embedding as an ML Vector; empty: none");
        layer = new Param<>(this, "layer", "tensor whose values are the embedding; empty: found automatically");
        l2Normalize = new BooleanParam(this, "l2Normalize", "scale each embedding to unit L2 norm");
        setDefault(outputCol, "embedding");
        setDefault(vectorCol, "");
        setDefault(layer, "");
        setDefault(l2Normalize, false);
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> vectorCol() {
        return vectorCol;
    }

    public Param<String> layer() {
        return layer;
    }

    public BooleanParam l2Normalize() {
        return l2Normalize;
    }

    public MobileNetEmbedder setOutputCol(String v) {
        set(outputCol, v);
        return this;
    }

    public MobileNetEmbedder setVectorCol(String v) {
        set(vectorCol, v);
        return this;
    }

    public MobileNetEmbedder setLayer(String v) {
        set(layer, v);
        return this;
    }

    public MobileNetEmbedder setL2Normalize(boolean v) {
        set(l2Normalize, v);
        return this;
    }

    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    public String getVectorCol() {
        return getOrDefault(vectorCol);
    }

    public String getLayer() {
        return getOrDefault(layer);
    }

    public boolean getL2Normalize() {
        return (Boolean) getOrDefault(l2Normalize);
    }

    public static MLReader<MobileNetEmbedder> read() {
        return new DefaultParamsReadable<MobileNetEmbedder>() {
        }.read();
    }

    public static MobileNetEmbedder load(String path) {
        return read().load(path);
    }

    @Override
    String labelsParam() {
        return null;
    }

    @Override
    TaskSpec spec(ShippedModel shipped, String backendName, int threads, double cropFraction) {
        return new TaskSpec("embed", shipped.modelName(), shipped.sha256(), "", backendName, threads, cropFraction, 0,
                getLayer(), getL2Normalize());
    }

    @Override
    Outputs<?> outputs() {
        return new EmbedderOutputs();
    }

    @Override
    Map<StructField, String> outputColumns() {
        Map<StructField, String> m = new LinkedHashMap<>();
        m.put(DataTypes.createStructField("values", DataTypes.createArrayType(DataTypes.FloatType, false), true),
                getOutputCol());
        m.put(DataTypes.createStructField("vector", SQLDataTypes.VectorType(), true), getVectorCol());
        return m;
    }

    private static final class EmbedderOutputs implements Outputs<float[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public ImageTask<float[]> load(TaskSpec spec, ShippedModel shipped) {
            return new EmbedderTask(spec, shipped);
        }

        @Override
        public Object[] fields(float[] v) {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            return new Object[] {v, Vectors.dense(d)};
        }
    }
}
