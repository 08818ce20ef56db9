package org.mobilenet4j.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithXNNPACK;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.InterpreterOptions;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * TensorFlow Lite's own builtin kernels (op resolver {@code BuiltinOpResolverWithoutDefaultDelegates}: no
 * XNNPACK delegate, one thread), fed and read as raw tensor bytes. These kernels are TFLite's "optimized"
 * CPU kernels (gemmlowp / ruy matrix products, NEON-or-SSE vectorized depthwise, look-up-table softmax), i.e.
 * what a TFLite user gets without a delegate. With {@code preserveAllTensors} every intermediate tensor keeps
 * its value after a run, for per-node comparison. Not thread-safe.
 */
final class TfliteBuiltinInterpreter implements AutoCloseable {
    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final InterpreterOptions options;
    private final Interpreter interpreter;
    private boolean closed;

    TfliteBuiltinInterpreter(Path file, boolean preserveAllTensors) {
        this(file, preserveAllTensors, false);
    }

    /**
     * With {@code xnnpackDelegate}, TFLite's own XNNPACK delegate (its default CPU path) takes the ops it
     * supports instead of the builtin kernels: to measure how far TFLite's default path is from its kernels.
     */
    TfliteBuiltinInterpreter(Path file, boolean preserveAllTensors, boolean xnnpackDelegate) {
        model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IllegalStateException("TFLite could not load " + file);
        }
        resolver = xnnpackDelegate ? new BuiltinOpResolverWithXNNPACK(true)
                : new BuiltinOpResolverWithoutDefaultDelegates();
        options = new InterpreterOptions();
        options.SetPreserveAllTensors(preserveAllTensors);
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver, options);
        builder.SetNumThreads(1);
        interpreter = new Interpreter((Pointer) null);
        if (builder.apply(interpreter) != 0 || interpreter.AllocateTensors() != 0) {
            throw new IllegalStateException("TFLite could not build an interpreter for " + file);
        }
        builder.close();
    }

    /** TFLite's version string, e.g. "2.15.0". */
    static String version() {
        return tensorflowlite.TfLiteVersion().getString();
    }

    /** Copies {@code bytes} into input 0 (its byte size must match) and runs the model. */
    void run(byte[] bytes) {
        check();
        TfLiteTensor in = interpreter.input_tensor(0);
        if (in.bytes() != bytes.length) {
            throw new IllegalArgumentException("input needs " + in.bytes() + " bytes, got " + bytes.length);
        }
        in.data().raw().capacity(bytes.length).put(bytes);
        if (interpreter.Invoke() != 0) {
            throw new IllegalStateException("TFLite Invoke failed");
        }
    }

    /** The raw bytes of output 0 after {@link #run}. */
    byte[] output() {
        check();
        return bytesOf(interpreter.output_tensor(0));
    }

    /** Every non-empty tensor by name (meaningful for intermediates only with preserveAllTensors). */
    Map<String, byte[]> tensorsByName() {
        check();
        Map<String, byte[]> all = new LinkedHashMap<>();
        for (int i = 0; i < interpreter.tensors_size(); i++) {
            TfLiteTensor t = interpreter.tensor(i);
            BytePointer name = t.name();
            if (name != null && !name.isNull() && t.bytes() > 0 && t.data().raw() != null
                    && !t.data().raw().isNull()) {
                all.put(name.getString(), bytesOf(t));
            }
        }
        return all;
    }

    private static byte[] bytesOf(TfLiteTensor t) {
        byte[] b = new byte[(int) t.bytes()];
        t.data().raw().capacity(b.length).get(b);
        return b;
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("interpreter is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            interpreter.close();
            options.close();
            resolver.close();
            model.close();
        }
    }
}
