package org.mobilenet4j.bench;

import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithXNNPACK;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;

/**
 * TensorFlow Lite 2.19 (org.bytedeco:tensorflow-lite) on the same .tflite file. With {@code xnnpack} the op
 * resolver applies TFLite's XNNPACK delegate (TFLite logs "Created TensorFlow Lite XNNPACK delegate for
 * CPU"); without it, TFLite's own builtin kernels run, which shows the delegate's effect in the same table.
 */
final class TfliteEngine implements Engine {
    private final boolean xnnpack;
    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final Interpreter interpreter;
    private final FloatPointer input;
    private final FloatPointer output;
    private final int outputSize;

    TfliteEngine(Path file, boolean xnnpack, int threads, int outputSize) {
        this.xnnpack = xnnpack;
        this.outputSize = outputSize;
        model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IllegalStateException("TFLite could not load " + file);
        }
        resolver = xnnpack ? new BuiltinOpResolverWithXNNPACK(true) : new BuiltinOpResolverWithoutDefaultDelegates();
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
        builder.SetNumThreads(threads);
        interpreter = new Interpreter((Pointer) null);
        if (builder.apply(interpreter) != 0 || interpreter.AllocateTensors() != 0) {
            throw new IllegalStateException("TFLite could not build an interpreter for " + file);
        }
        input = interpreter.typed_input_tensor_float(0);
        output = interpreter.typed_output_tensor_float(0);
    }

    @Override
    public String name() {
        return xnnpack ? "tflite-xnnpack" : "tflite-builtin";
    }

    @Override
    public void setInput(float[] nhwc) {
        input.put(nhwc);
    }

    @Override
    public void run() {
        if (interpreter.Invoke() != 0) {
            throw new IllegalStateException("TFLite Invoke failed");
        }
    }

    @Override
    public float[] output() {
        float[] f = new float[outputSize];
        output.get(f);
        return f;
    }

    @Override
    public void close() {
        interpreter.close();
        resolver.close();
        model.close();
    }
}
