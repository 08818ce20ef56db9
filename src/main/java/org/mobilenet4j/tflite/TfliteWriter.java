package org.mobilenet4j.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.Tensor;
import org.mobilenet4j.graph.TensorType;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Writes a {@link Graph} as a .tflite file (the schema's object API): float32 graphs (a MobileNet built from
 * its layer table at any alpha x rho, for the benchmark comparison) and quantized ones (uint8 / int8 tensors
 * with their scales and zero points, per channel too, int32 biases), optionally with TFLite metadata
 * ({@link TfliteMetadata}: name, normalization, a labels file appended as a zip as tflite-support does).
 * Only the tensors the nodes, inputs and outputs use are written (a graph cut with
 * {@link Graph#withOutputs} loses its pruned weights). HardSigmoid is written as ADD(x, 3) with fused RELU6, then MUL by 1/6, as TFLite's converter
 * does; a Clamp must be a ReLU, ReLU6 or ReLU_N1_TO_1.
 */
public final class TfliteWriter {
    private final Graph graph;
    private final List<TensorT> tensors = new ArrayList<>();
    private final List<BufferT> buffers = new ArrayList<>();
    private final List<OperatorT> operators = new ArrayList<>();
    private final List<OperatorCodeT> codes = new ArrayList<>();
    private final Map<Integer, Integer> codeIndex = new HashMap<>();
    /** Graph tensor id to file tensor index, for the tensors written. */
    private final int[] index;

    private TfliteWriter(Graph graph) {
        this.graph = graph;
        this.index = new int[graph.tensors().size()];
        buffers.add(new BufferT()); // buffer 0 is the empty buffer, by convention
    }

    public static void write(Graph graph, Path file) throws IOException {
        Files.write(file, toBytes(graph));
    }

    /** Writes {@code graph} with {@code metadata} (null: none) to {@code file}. */
    public static void write(Graph graph, TfliteMetadata metadata, Path file) throws IOException {
        Files.write(file, toBytes(graph, metadata));
    }

    public static byte[] toBytes(Graph graph) {
        return toBytes(graph, null);
    }

    /** The .tflite bytes of {@code graph} with {@code metadata} (null: none); deterministic. */
    public static byte[] toBytes(Graph graph, TfliteMetadata metadata) {
        return new TfliteWriter(graph).build(metadata);
    }

    private byte[] build(TfliteMetadata metadata) {
        boolean[] used = new boolean[graph.tensors().size()];
        for (int i : graph.inputs()) {
            used[i] = true;
        }
        for (int o : graph.outputs()) {
            used[o] = true;
        }
        for (Node n : graph.nodes()) {
            for (int i : n.inputs()) {
                if (i >= 0) {
                    used[i] = true;
                }
            }
            for (int o : n.outputs()) {
                used[o] = true;
            }
        }
        java.util.Arrays.fill(index, -1);
        for (Tensor t : graph.tensors()) {
            if (used[t.id()]) {
                index[t.id()] = addTensor(t.name(), t.type(), t.isConstant() ? t.data().bytes() : null);
            }
        }
        for (Node n : graph.nodes()) {
            writeNode(n);
        }
        SubGraphT sg = new SubGraphT();
        sg.setTensors(tensors.toArray(new TensorT[0]));
        sg.setInputs(remap(graph.inputs()));
        sg.setOutputs(remap(graph.outputs()));
        sg.setOperators(operators.toArray(new OperatorT[0]));
        sg.setName("main");
        ModelT m = new ModelT();
        m.setVersion(3);
        m.setDescription("mobilenet4j: " + graph.name());
        m.setOperatorCodes(codes.toArray(new OperatorCodeT[0]));
        m.setSubgraphs(new SubGraphT[] {sg});
        if (metadata != null) {
            BufferT b = new BufferT();
            b.setData(unsigned(metadata.toFlatbuffer()));
            buffers.add(b);
            MetadataT entry = new MetadataT();
            entry.setName(TfliteMetadata.METADATA_NAME);
            entry.setBuffer(buffers.size() - 1);
            m.setMetadata(new MetadataT[] {entry});
        }
        m.setBuffers(buffers.toArray(new BufferT[0]));
        FlatBufferBuilder fbb = new FlatBufferBuilder(1 << 20);
        Model.finishModelBuffer(fbb, Model.pack(fbb, m));
        byte[] model = fbb.sizedByteArray();
        return metadata == null ? model : metadata.appendAssociatedFiles(model);
    }

    private int[] remap(int[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i] < 0 ? -1 : index[ids[i]];
        }
        return out;
    }

    private static int[] unsigned(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xff;
        }
        return out;
    }

    private static byte fileType(DataType t) {
        switch (t) {
            case FLOAT32: return org.tensorflow.lite.schema.TensorType.FLOAT32;
            case UINT8: return org.tensorflow.lite.schema.TensorType.UINT8;
            case INT8: return org.tensorflow.lite.schema.TensorType.INT8;
            case INT32: return org.tensorflow.lite.schema.TensorType.INT32;
            default: throw new UnsupportedOperationException("TfliteWriter cannot write " + t + " tensors");
        }
    }

    private int addTensor(String name, TensorType type, ByteBuffer data) {
        int id = addTensor(name, type.shape(), data);
        TensorT t = tensors.get(id);
        t.setType(fileType(type.dataType()));
        Quantization q = type.quantization();
        if (q != null) {
            float[] scales = new float[q.channels()];
            long[] zeroPoints = new long[q.channels()];
            for (int c = 0; c < scales.length; c++) {
                scales[c] = q.scale(c);
                zeroPoints[c] = q.zeroPoint(c);
            }
            QuantizationParametersT p = new QuantizationParametersT();
            p.setScale(scales);
            p.setZeroPoint(zeroPoints);
            p.setQuantizedDimension(q.axis());
            t.setQuantization(p);
        }
        return id;
    }

    private int addTensor(String name, int[] shape, ByteBuffer data) {
        TensorT t = new TensorT();
        t.setName(name);
        t.setShape(shape);
        t.setType(org.tensorflow.lite.schema.TensorType.FLOAT32);
        if (data != null) {
            int[] bytes = new int[data.remaining()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = data.get(data.position() + i) & 0xff;
            }
            BufferT b = new BufferT();
            b.setData(bytes);
            buffers.add(b);
            t.setBuffer(buffers.size() - 1);
        }
        tensors.add(t);
        return tensors.size() - 1;
    }

    private int addConstant(String name, float[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return addTensor(name, shape, b);
    }

    private int addIntConstant(String name, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        int id = addTensor(name, new int[] {values.length}, b);
        tensors.get(id).setType(org.tensorflow.lite.schema.TensorType.INT32);
        return id;
    }

    private int code(int builtin) {
        return codeIndex.computeIfAbsent(builtin, k -> {
            OperatorCodeT c = new OperatorCodeT();
            c.setBuiltinCode(k);
            c.setDeprecatedBuiltinCode((byte) Math.min(k, 127));
            c.setVersion(1);
            codes.add(c);
            return codes.size() - 1;
        });
    }

    private void op(int builtin, int[] inputs, int output, byte optionsType, Object options) {
        OperatorT o = new OperatorT();
        o.setOpcodeIndex(code(builtin));
        o.setInputs(inputs);
        o.setOutputs(new int[] {output});
        if (options != null) {
            BuiltinOptionsUnion u = new BuiltinOptionsUnion();
            u.setType(optionsType);
            u.setValue(options);
            o.setBuiltinOptions(u);
        }
        operators.add(o);
    }

    private static byte padding(Padding p) {
        return p == Padding.SAME ? org.tensorflow.lite.schema.Padding.SAME : org.tensorflow.lite.schema.Padding.VALID;
    }

    private static byte activation(Activation a) {
        switch (a) {
            case RELU: return ActivationFunctionType.RELU;
            case RELU6: return ActivationFunctionType.RELU6;
            case RELU_N1_TO_1: return ActivationFunctionType.RELU_N1_TO_1;
            default: return ActivationFunctionType.NONE;
        }
    }

    private void writeNode(Node n) {
        Op op = n.op();
        int[] in = remap(n.inputs());
        int out = index[n.output(0)];
        // exhaustive by Op.Visitor: a new op fails compilation here until it is written (or refused)
        op.accept(new Op.Visitor<Void>() {
            public Void conv2d(Op.Conv2d c) {
                Conv2DOptionsT o = new Conv2DOptionsT();
                o.setPadding(padding(c.padding()));
                o.setStrideH(c.strideH());
                o.setStrideW(c.strideW());
                o.setDilationHFactor(c.dilationH());
                o.setDilationWFactor(c.dilationW());
                o.setFusedActivationFunction(activation(c.activation()));
                op(BuiltinOperator.CONV_2D, in, out, BuiltinOptions.Conv2DOptions, o);
                return null;
            }

            public Void depthwiseConv2d(Op.DepthwiseConv2d d) {
                DepthwiseConv2DOptionsT o = new DepthwiseConv2DOptionsT();
                o.setPadding(padding(d.padding()));
                o.setStrideH(d.strideH());
                o.setStrideW(d.strideW());
                o.setDilationHFactor(d.dilationH());
                o.setDilationWFactor(d.dilationW());
                o.setDepthMultiplier(d.depthMultiplier());
                o.setFusedActivationFunction(activation(d.activation()));
                op(BuiltinOperator.DEPTHWISE_CONV_2D, in, out, BuiltinOptions.DepthwiseConv2DOptions, o);
                return null;
            }

            public Void fullyConnected(Op.FullyConnected f) {
                FullyConnectedOptionsT o = new FullyConnectedOptionsT();
                o.setFusedActivationFunction(activation(f.activation()));
                op(BuiltinOperator.FULLY_CONNECTED, in, out, BuiltinOptions.FullyConnectedOptions, o);
                return null;
            }

            public Void averagePool2d(Op.AveragePool2d p) {
                Pool2DOptionsT o = new Pool2DOptionsT();
                o.setPadding(padding(p.padding()));
                o.setStrideH(p.strideH());
                o.setStrideW(p.strideW());
                o.setFilterHeight(p.filterH());
                o.setFilterWidth(p.filterW());
                o.setFusedActivationFunction(activation(p.activation()));
                op(BuiltinOperator.AVERAGE_POOL_2D, in, out, BuiltinOptions.Pool2DOptions, o);
                return null;
            }

            public Void globalAveragePool(Op.GlobalAveragePool op) {
                ReducerOptionsT o = new ReducerOptionsT();
                o.setKeepDims(graph.tensor(n.output(0)).type().rank() == 4);
                int axes = addIntConstant(n.name() + "/axes", new int[] {1, 2});
                op(BuiltinOperator.MEAN, new int[] {in[0], axes}, out, BuiltinOptions.ReducerOptions, o);
                return null;
            }

            public Void add(Op.Add a) {
                AddOptionsT o = new AddOptionsT();
                o.setFusedActivationFunction(activation(a.activation()));
                op(BuiltinOperator.ADD, in, out, BuiltinOptions.AddOptions, o);
                return null;
            }

            public Void mul(Op.Mul m) {
                MulOptionsT o = new MulOptionsT();
                o.setFusedActivationFunction(activation(m.activation()));
                op(BuiltinOperator.MUL, in, out, BuiltinOptions.MulOptions, o);
                return null;
            }

            public Void clamp(Op.Clamp c) {
                int builtin = c.min() == 0 && c.max() == 6 ? BuiltinOperator.RELU6
                        : c.min() == 0 && Float.isInfinite(c.max()) ? BuiltinOperator.RELU
                        : c.min() == -1 && c.max() == 1 ? BuiltinOperator.RELU_N1_TO_1 : -1;
                if (builtin < 0) {
                    throw new UnsupportedOperationException("TFLite has no clamp to [" + c.min() + ", " + c.max() + "]");
                }
                op(builtin, in, out, BuiltinOptions.NONE, null);
                return null;
            }

            public Void hardSwish(Op.HardSwish op) {
                op(BuiltinOperator.HARD_SWISH, in, out, BuiltinOptions.NONE, null);
                return null;
            }

            public Void hardSigmoid(Op.HardSigmoid op) {
                TensorType t = graph.tensor(n.output(0)).type();
                int shifted = addTensor(n.name() + "/relu6_x_plus_3", t.shape(), null);
                AddOptionsT add = new AddOptionsT();
                add.setFusedActivationFunction(ActivationFunctionType.RELU6);
                op(BuiltinOperator.ADD, new int[] {in[0], addConstant(n.name() + "/three", new float[] {3f}, 1)}, shifted,
                        BuiltinOptions.AddOptions, add);
                op(BuiltinOperator.MUL, new int[] {shifted, addConstant(n.name() + "/sixth", new float[] {1f / 6}, 1)}, out,
                        BuiltinOptions.MulOptions, new MulOptionsT());
                return null;
            }

            public Void sigmoid(Op.Sigmoid op) {
                op(BuiltinOperator.LOGISTIC, in, out, BuiltinOptions.NONE, null);
                return null;
            }

            public Void reshape(Op.Reshape op) {
                int[] shape = graph.tensor(n.output(0)).type().shape();
                ReshapeOptionsT o = new ReshapeOptionsT();
                o.setNewShape(shape);
                op(BuiltinOperator.RESHAPE, new int[] {in[0], addIntConstant(n.name() + "/shape", shape)}, out,
                        BuiltinOptions.ReshapeOptions, o);
                return null;
            }

            public Void quantize(Op.Quantize op) {
                op(BuiltinOperator.QUANTIZE, in, out, BuiltinOptions.NONE, null);
                return null;
            }

            public Void dequantize(Op.Dequantize op) {
                op(BuiltinOperator.DEQUANTIZE, in, out, BuiltinOptions.NONE, null);
                return null;
            }

            public Void softmax(Op.Softmax s) {
                SoftmaxOptionsT o = new SoftmaxOptionsT();
                o.setBeta(s.beta());
                op(BuiltinOperator.SOFTMAX, in, out, BuiltinOptions.SoftmaxOptions, o);

                return null;
            }
        });
    }
}
