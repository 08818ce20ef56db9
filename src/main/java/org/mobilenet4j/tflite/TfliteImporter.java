package org.mobilenet4j.tflite;

import org.mobilenet4j.model.ModelInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.ConstantData;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.GraphValidator;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.InvalidModelException;
import org.mobilenet4j.model.ModelException;
import org.mobilenet4j.model.UnsupportedModelException;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.MulOptions;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SoftmaxOptions;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

/**
 * Reads a TFLite flatbuffer (with the schema classes of tensorflow-lite-metadata) into a {@link Graph}.
 * Tensor ids are the file's tensor indices. Ops: CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D, MEAN (over
 * H and W), ADD, MUL, HARD_SWISH, LOGISTIC, RELU, RELU6, RELU_N1_TO_1, FULLY_CONNECTED, RESHAPE, SQUEEZE,
 * SOFTMAX, QUANTIZE, DEQUANTIZE; types float32, uint8, int8 (per-channel too) and int32 biases. Anything
 * else is an {@link UnsupportedModelException} naming the op, operator index and tensor.
 */
public final class TfliteImporter {
    private TfliteImporter() {
    }

    public static TfliteModel read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelException("cannot read model " + file + ": " + e.getMessage(), e);
        }
        String fileName = file.getFileName().toString();
        Graph graph = read(ByteBuffer.wrap(bytes), fileName);
        ModelInfo info = MetadataReader.read(ByteBuffer.wrap(bytes), fileName);
        return new TfliteModel(graph, info);
    }

    /** What the metadata of a model held in memory says (missing metadata is not an error: its parts are null). */
    public static ModelInfo readInfo(ByteBuffer buffer, String name) {
        return MetadataReader.read(buffer.duplicate(), name);
    }

    /** Imports the graph of a model held in memory. */
    public static Graph read(ByteBuffer buffer, String name) {
        ByteBuffer bb = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (bb.remaining() < 8 || !Model.ModelBufferHasIdentifier(bb)) {
            throw new InvalidModelException(name + " is not a TFLite model (no 'TFL3' identifier)");
        }
        try {
            return new Reader(Model.getRootAsModel(bb), name).graph();
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            // flatbuffers reads offsets without checks: a truncated or corrupt file fails here
            throw new InvalidModelException(name + " is corrupt or truncated: " + e, e);
        }
    }

    private static final class Reader {
        private final Model model;
        private final SubGraph sg;
        private final String name;
        private final GraphBuilder g;

        Reader(Model model, String name) {
            this.model = model;
            this.name = name;
            int subgraphs = model.subgraphsLength();
            // each subgraph takes at least its offset and its table's vtable offset: 8 bytes
            if (subgraphs < 0 || (long) subgraphs * 8 > model.getByteBuffer().capacity()) {
                throw new InvalidModelException(name + " is corrupt or truncated: its subgraph count reads "
                        + subgraphs + ", impossible in " + model.getByteBuffer().capacity() + " bytes");
            }
            if (subgraphs != 1) {
                throw new UnsupportedModelException(name + ": expected 1 subgraph, found " + subgraphs);
            }
            this.sg = model.subgraphs(0);
            this.g = new GraphBuilder(name);
        }

        Graph graph() {
            // counts come from the file: bound them by its size before allocating anything for them
            int limit = model.getByteBuffer().capacity();
            if (sg.tensorsLength() > limit / 4 || sg.operatorsLength() > limit / 4 || model.buffersLength() > limit / 4
                    || model.operatorCodesLength() > limit / 4) {
                throw new InvalidModelException(name + ": tensor, operator or buffer count larger than the file");
            }
            boolean[] isInput = new boolean[sg.tensorsLength()];
            for (int i = 0; i < sg.inputsLength(); i++) {
                isInput[sg.inputs(i)] = true;
            }
            for (int t = 0; t < sg.tensorsLength(); t++) {
                Tensor tensor = sg.tensors(t);
                TensorType type = type(tensor, t);
                ConstantData data = constant(tensor, type);
                if (isInput[t]) {
                    g.input(tensor.name(), type);
                } else {
                    g.tensor(tensor.name(), type, data);
                }
            }
            for (int i = 0; i < sg.operatorsLength(); i++) {
                convert(i, sg.operators(i));
            }
            for (int i = 0; i < sg.outputsLength(); i++) {
                g.output(sg.outputs(i));
            }
            try {
                return GraphValidator.validate(g.build());
            } catch (IllegalArgumentException e) {
                throw new InvalidModelException(name + ": " + e.getMessage(), e);
            }
        }

        private TensorType type(Tensor tensor, int index) {
            if (tensor.shapeLength() > GraphValidator.MAX_RANK) {
                throw new InvalidModelException(name + ": tensor " + index + " has rank " + tensor.shapeLength());
            }
            int[] shape = new int[tensor.shapeLength()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = tensor.shape(d);
            }
            if (java.util.Arrays.stream(shape).anyMatch(d -> d == -1)) {
                // TFLite's mark of a size left open ("any"); other negative sizes are corruption (TensorType)
                throw new UnsupportedModelException(name + ": tensor " + index + " '" + tensor.name() + "' has the "
                        + "dynamic shape " + java.util.Arrays.toString(shape) + " (-1: any size); dynamic shapes "
                        + "are not supported: convert the model with fixed sizes (batch 1)");
            }
            DataType dt;
            switch (tensor.type()) {
                case org.tensorflow.lite.schema.TensorType.FLOAT32: dt = DataType.FLOAT32; break;
                case org.tensorflow.lite.schema.TensorType.UINT8: dt = DataType.UINT8; break;
                case org.tensorflow.lite.schema.TensorType.INT8: dt = DataType.INT8; break;
                case org.tensorflow.lite.schema.TensorType.INT32: dt = DataType.INT32; break;
                default:
                    throw new UnsupportedModelException(name + ": tensor " + index + " '" + tensor.name() + "' has type "
                            + org.tensorflow.lite.schema.TensorType.name(tensor.type()) + ", not supported");
            }
            QuantizationParameters q = tensor.quantization();
            Quantization quant = null;
            if (q != null && q.scaleLength() > 0) {
                if (q.scaleLength() > 1 << 16 || q.zeroPointLength() > 1 << 16) {
                    throw new InvalidModelException(name + ": tensor " + index + " has " + q.scaleLength() + " scales");
                }
                float[] scales = new float[q.scaleLength()];
                long[] zps = new long[q.scaleLength()];
                for (int i = 0; i < scales.length; i++) {
                    scales[i] = q.scale(i);
                    zps[i] = q.zeroPointLength() > i ? q.zeroPoint(i) : 0;
                }
                try {
                    quant = new Quantization(scales, zps, q.quantizedDimension());
                } catch (IllegalArgumentException e) {
                    throw new InvalidModelException(name + ": tensor " + index + " '" + tensor.name() + "': "
                            + e.getMessage());
                }
            }
            if (dt.isQuantized8() && quant == null) {
                throw new UnsupportedModelException(name + ": tensor " + index + " '" + tensor.name()
                        + "' is " + dt + " without quantization parameters");
            }
            return new TensorType(shape, dt, dt == DataType.FLOAT32 ? null : quant);
        }

        private ConstantData constant(Tensor tensor, TensorType type) {
            long b = tensor.buffer();
            if (b <= 0 || b >= model.buffersLength()) {
                return null;
            }
            Buffer buf = model.buffers((int) b);
            if (buf == null || buf.dataLength() == 0) {
                return null;
            }
            ByteBuffer data = buf.dataAsByteBuffer();
            if (data.remaining() != type.byteSize()) {
                throw new InvalidModelException(name + ": tensor '" + tensor.name() + "' " + type + " needs "
                        + type.byteSize() + " bytes, its buffer has " + data.remaining());
            }
            return new ConstantData(data);
        }

        private int in(Operator op, int i) {
            return i < op.inputsLength() ? op.inputs(i) : -1;
        }

        private void convert(int index, Operator op) {
            if (op.opcodeIndex() < 0 || op.opcodeIndex() >= model.operatorCodesLength()) {
                throw new InvalidModelException(name + ": operator " + index + " has op code index " + op.opcodeIndex());
            }
            if (op.inputsLength() > 16 || op.outputsLength() < 1) {
                throw new InvalidModelException(name + ": operator " + index + " has " + op.inputsLength() + " inputs and "
                        + op.outputsLength() + " outputs");
            }
            OperatorCode code = model.operatorCodes((int) op.opcodeIndex());
            int builtin = Math.max(code.builtinCode(), code.deprecatedBuiltinCode());
            String opName = builtin >= 0 && builtin < BuiltinOperator.names.length ? BuiltinOperator.name(builtin)
                    : "#" + builtin;
            int out = op.outputs(0);
            String nodeName = sg.tensors(out).name();
            Op converted;
            int[] inputs;
            switch (builtin) {
                case BuiltinOperator.CONV_2D: {
                    Conv2DOptions o = (Conv2DOptions) op.builtinOptions(new Conv2DOptions());
                    converted = new Op.Conv2d(o.strideH(), o.strideW(), padding(o.padding(), index, opName),
                            Math.max(1, o.dilationHFactor()), Math.max(1, o.dilationWFactor()),
                            activation(o.fusedActivationFunction(), index, opName));
                    inputs = new int[] {in(op, 0), in(op, 1), in(op, 2)};
                    break;
                }
                case BuiltinOperator.DEPTHWISE_CONV_2D: {
                    DepthwiseConv2DOptions o = (DepthwiseConv2DOptions) op.builtinOptions(new DepthwiseConv2DOptions());
                    int channels = sg.tensors(in(op, 0)).shape(3);
                    int multiplier = sg.tensors(in(op, 1)).shape(3) / Math.max(1, channels);
                    converted = new Op.DepthwiseConv2d(o.strideH(), o.strideW(), padding(o.padding(), index, opName),
                            Math.max(1, o.dilationHFactor()), Math.max(1, o.dilationWFactor()), multiplier,
                            activation(o.fusedActivationFunction(), index, opName));
                    inputs = new int[] {in(op, 0), in(op, 1), in(op, 2)};
                    break;
                }
                case BuiltinOperator.FULLY_CONNECTED: {
                    FullyConnectedOptions o = (FullyConnectedOptions) op.builtinOptions(new FullyConnectedOptions());
                    if (o != null && o.weightsFormat() != 0) {
                        throw unsupported(index, opName, out, "shuffled weights format");
                    }
                    converted = new Op.FullyConnected(o == null ? Activation.NONE
                            : activation(o.fusedActivationFunction(), index, opName));
                    inputs = new int[] {in(op, 0), in(op, 1), in(op, 2)};
                    break;
                }
                case BuiltinOperator.AVERAGE_POOL_2D: {
                    Pool2DOptions o = (Pool2DOptions) op.builtinOptions(new Pool2DOptions());
                    converted = new Op.AveragePool2d(o.filterHeight(), o.filterWidth(), o.strideH(), o.strideW(),
                            padding(o.padding(), index, opName), activation(o.fusedActivationFunction(), index, opName));
                    inputs = new int[] {in(op, 0)};
                    break;
                }
                case BuiltinOperator.MEAN: {
                    int axes = in(op, 1);
                    int[] a = g.type(axes).rank() <= 1 && sg.tensors(axes).buffer() > 0
                            ? constantInts(axes) : new int[0];
                    Arrays.sort(a);
                    if (!Arrays.equals(a, new int[] {1, 2}) || g.type(in(op, 0)).rank() != 4) {
                        throw unsupported(index, opName, out, "MEAN over axes " + Arrays.toString(a)
                                + " (only H and W of an NHWC tensor)");
                    }
                    converted = new Op.GlobalAveragePool();
                    inputs = new int[] {in(op, 0)};
                    break;
                }
                case BuiltinOperator.ADD: {
                    AddOptions o = (AddOptions) op.builtinOptions(new AddOptions());
                    converted = new Op.Add(o == null ? Activation.NONE
                            : activation(o.fusedActivationFunction(), index, opName));
                    inputs = new int[] {in(op, 0), in(op, 1)};
                    break;
                }
                case BuiltinOperator.MUL: {
                    MulOptions o = (MulOptions) op.builtinOptions(new MulOptions());
                    converted = new Op.Mul(o == null ? Activation.NONE
                            : activation(o.fusedActivationFunction(), index, opName));
                    inputs = new int[] {in(op, 0), in(op, 1)};
                    break;
                }
                case BuiltinOperator.HARD_SWISH:
                    converted = new Op.HardSwish();
                    inputs = new int[] {in(op, 0)};
                    break;
                case BuiltinOperator.LOGISTIC:
                    converted = new Op.Sigmoid();
                    inputs = new int[] {in(op, 0)};
                    break;
                case BuiltinOperator.RELU:
                    converted = new Op.Clamp(0, Float.POSITIVE_INFINITY);
                    inputs = new int[] {in(op, 0)};
                    break;
                case BuiltinOperator.RELU6:
                    converted = new Op.Clamp(0, 6);
                    inputs = new int[] {in(op, 0)};
                    break;
                case BuiltinOperator.RELU_N1_TO_1:
                    converted = new Op.Clamp(-1, 1);
                    inputs = new int[] {in(op, 0)};
                    break;
                case BuiltinOperator.RESHAPE:
                case BuiltinOperator.SQUEEZE:
                    converted = new Op.Reshape();
                    inputs = new int[] {in(op, 0)};
                    break;
                case BuiltinOperator.SOFTMAX: {
                    SoftmaxOptions o = (SoftmaxOptions) op.builtinOptions(new SoftmaxOptions());
                    converted = new Op.Softmax(o == null ? 1f : o.beta());
                    inputs = new int[] {in(op, 0)};
                    break;
                }
                case BuiltinOperator.QUANTIZE:
                    converted = new Op.Quantize();
                    inputs = new int[] {in(op, 0)};
                    break;
                case BuiltinOperator.DEQUANTIZE:
                    converted = new Op.Dequantize();
                    inputs = new int[] {in(op, 0)};
                    break;
                default:
                    throw unsupported(index, opName, out, "op " + opName + " is not supported");
            }
            if (op.outputsLength() != 1) {
                throw unsupported(index, opName, out, opName + " with " + op.outputsLength() + " outputs");
            }
            g.addNode(converted, inputs, new int[] {out}, nodeName);
        }

        private int[] constantInts(int tensor) {
            ConstantData d = g.data(tensor);
            return d == null ? new int[0] : d.toIntArray(DataType.INT32);
        }

        private UnsupportedModelException unsupported(int index, String opName, int tensor, String what) {
            return new UnsupportedModelException(name + ": operator " + index + " (" + opName + ") producing tensor "
                    + tensor + " '" + sg.tensors(tensor).name() + "': " + what);
        }

        private Padding padding(byte p, int index, String opName) {
            switch (p) {
                case org.tensorflow.lite.schema.Padding.SAME: return Padding.SAME;
                case org.tensorflow.lite.schema.Padding.VALID: return Padding.VALID;
                default:
                    throw new UnsupportedModelException(name + ": operator " + index + " (" + opName + "): padding " + p);
            }
        }

        private Activation activation(byte a, int index, String opName) {
            switch (a) {
                case ActivationFunctionType.NONE: return Activation.NONE;
                case ActivationFunctionType.RELU: return Activation.RELU;
                case ActivationFunctionType.RELU_N1_TO_1: return Activation.RELU_N1_TO_1;
                case ActivationFunctionType.RELU6: return Activation.RELU6;
                default:
                    throw new UnsupportedModelException(name + ": operator " + index + " (" + opName
                            + "): fused activation " + ActivationFunctionType.name(a) + " is not supported");
            }
        }
    }
}
