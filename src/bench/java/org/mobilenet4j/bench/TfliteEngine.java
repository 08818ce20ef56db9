package org.mobilenet4j.bench;

import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithXNNPACK;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.mobilenet4j.graph.DataType;

/**
 * TensorFlow Lite 2.19 (org.bytedeco:tensorflow-lite) on the same .tflite file. With {@code xnnpack} the op
 * resolver applies TFLite's XNNPACK delegate (TFLite logs "Created TensorFlow Lite XNNPACK delegate for
 * CPU"); without it, TFLite's own builtin kernels run, which shows the delegate's effect in the same table.
 * {@link Mode#XNNPACK_QUANTIZED} applies the delegate with its QS8/QU8 flags on ({@link TfliteXnnpackDelegate}),
 * which the default leaves off in this build, so that int8 and uint8 models run on XNNPACK too.
 * Input and output are float32, uint8 or int8 tensors, bound as TFLite's own buffers (read and written in place).
 */
final class TfliteEngine implements Engine {
    /** How TFLite runs the model. */
    enum Mode {
        BUILTIN("tflite-builtin"), XNNPACK("tflite-xnnpack"), XNNPACK_QUANTIZED("tflite-xnnpack-q8");

        final String engineName;

        Mode(String engineName) {
            this.engineName = engineName;
        }
    }

    private final Mode mode;
    private final TfliteXnnpackDelegate delegate;
    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final Interpreter interpreter;
    private final ByteBuffer input;
    private final ByteBuffer output;
    private final DataType inputType;
    private final DataType outputType;

    TfliteEngine(Path file, Mode mode, int threads) {
        this.mode = mode;
        model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IllegalStateException("TFLite could not load " + file);
        }
        resolver = mode == Mode.XNNPACK ? new BuiltinOpResolverWithXNNPACK(true)
                : new BuiltinOpResolverWithoutDefaultDelegates();
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
        builder.SetNumThreads(threads);
        interpreter = new Interpreter((Pointer) null);
        if (builder.apply(interpreter) != 0) {
            throw new IllegalStateException("TFLite could not build an interpreter for " + file);
        }
        delegate = mode == Mode.XNNPACK_QUANTIZED ? new TfliteXnnpackDelegate(threads) : null;
        if (delegate != null && interpreter.ModifyGraphWithDelegate(delegate.delegate()) != 0) {
            throw new IllegalStateException("TFLite could not apply the XNNPACK delegate to " + file);
        }
        if (interpreter.AllocateTensors() != 0) {
            throw new IllegalStateException("TFLite could not build an interpreter for " + file);
        }
        TfLiteTensor in = interpreter.input_tensor(0);
        TfLiteTensor out = interpreter.output_tensor(0);
        inputType = dataType(in.type());
        outputType = dataType(out.type());
        input = in.data().raw().capacity(in.bytes()).asByteBuffer().order(ByteOrder.nativeOrder());
        output = out.data().raw().capacity(out.bytes()).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /** TfLiteType: kTfLiteFloat32 1, kTfLiteUInt8 3, kTfLiteInt8 9. */
    private static DataType dataType(int tfLiteType) {
        switch (tfLiteType) {
            case 1: return DataType.FLOAT32;
            case 3: return DataType.UINT8;
            case 9: return DataType.INT8;
            default: throw new IllegalStateException("TFLite tensor type " + tfLiteType + " is not benchmarked");
        }
    }

    @Override
    public String name() {
        return mode.engineName;
    }

    @Override
    public void setInput(float[] nhwc) {
        EngineData.put(input.clear(), nhwc, inputType != DataType.FLOAT32);
    }

    @Override
    public void run() {
        if (interpreter.Invoke() != 0) {
            throw new IllegalStateException("TFLite Invoke failed");
        }
    }

    @Override
    public float[] output() {
        return EngineData.get(output.duplicate().order(output.order()).clear(), outputType);
    }

    @Override
    public void close() {
        interpreter.close();
        if (delegate != null) {
            delegate.close();
        }
        resolver.close();
        model.close();
    }
}
