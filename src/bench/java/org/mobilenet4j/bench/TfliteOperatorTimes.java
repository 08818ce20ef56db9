package org.mobilenet4j.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FunctionPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TelemetryProfiler;
import org.bytedeco.tensorflowlite.TfLiteTelemetryProfilerStruct;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * TFLite 2.19 with its XNNPACK delegate, timing each XNNPACK operator: with a profiler attached before the
 * delegate is applied, the delegate creates its runtime with {@code XNN_FLAG_BASIC_PROFILING} and reports each
 * operator's microseconds after every invoke as a profiled delegate event, which TFLite's telemetry profiler
 * hands to a callback ({@code ReportOpInvokeEvent}). The same XNNPACK clock as {@code OperatorProfiler}, so the
 * two engines' operators compare one to one. The delegate is {@link TfliteXnnpackDelegate} (quantized flags on:
 * the same as TFLite's default for float models). Input: the given bytes, written into TFLite's input tensor.
 */
final class TfliteOperatorTimes implements AutoCloseable {
    private final List<String> names = new ArrayList<>();
    private final List<Long> micros = new ArrayList<>();
    private final TfLiteTelemetryProfilerStruct callbacks = new TfLiteTelemetryProfilerStruct();
    /** The callbacks' Java objects: the struct holds only their native thunks, freed when these are collected. */
    private final List<FunctionPointer> alive = new ArrayList<>();
    private final TelemetryProfiler profiler;
    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final Interpreter interpreter;
    private final TfliteXnnpackDelegate delegate;

    TfliteOperatorTimes(Path file, int threads, ByteBuffer input) {
        callbacks.ReportOpInvokeEvent(keep(new TfLiteTelemetryProfilerStruct
                .ReportOpInvokeEvent_TfLiteTelemetryProfilerStruct_BytePointer_long_long_long() {
            @Override
            public void call(TfLiteTelemetryProfilerStruct p, BytePointer name, long us, long op, long subgraph) {
                names.add(name == null || name.isNull() ? "?" : name.getString());
                micros.add(us);
            }
        }));
        // the profiler calls every callback it is given; the others do nothing
        callbacks.ReportTelemetryEvent(keep(new TfLiteTelemetryProfilerStruct
                .ReportTelemetryEvent_TfLiteTelemetryProfilerStruct_BytePointer_long() {
            @Override
            public void call(TfLiteTelemetryProfilerStruct p, BytePointer name, long status) {
            }
        }));
        callbacks.ReportTelemetryOpEvent(keep(new TfLiteTelemetryProfilerStruct
                .ReportTelemetryOpEvent_TfLiteTelemetryProfilerStruct_BytePointer_long_long_long() {
            @Override
            public void call(TfLiteTelemetryProfilerStruct p, BytePointer name, long op, long subgraph, long status) {
            }
        }));
        callbacks.ReportBeginOpInvokeEvent(keep(new TfLiteTelemetryProfilerStruct
                .ReportBeginOpInvokeEvent_TfLiteTelemetryProfilerStruct_BytePointer_long_long() {
            @Override
            public int call(TfLiteTelemetryProfilerStruct p, BytePointer name, long op, long subgraph) {
                return 0;
            }
        }));
        callbacks.ReportEndOpInvokeEvent(keep(new TfLiteTelemetryProfilerStruct
                .ReportEndOpInvokeEvent_TfLiteTelemetryProfilerStruct_int() {
            @Override
            public void call(TfLiteTelemetryProfilerStruct p, int handle) {
            }
        }));
        profiler = tensorflowlite.MakeTfLiteTelemetryProfiler(callbacks);
        model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IllegalStateException("TFLite could not load " + file);
        }
        resolver = new BuiltinOpResolverWithoutDefaultDelegates();
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
        builder.SetNumThreads(threads);
        interpreter = new Interpreter((Pointer) null);
        if (builder.apply(interpreter) != 0) {
            throw new IllegalStateException("TFLite could not build an interpreter for " + file);
        }
        interpreter.SetProfiler(profiler);
        delegate = new TfliteXnnpackDelegate(threads);
        if (interpreter.ModifyGraphWithDelegate(delegate.delegate()) != 0 || interpreter.AllocateTensors() != 0) {
            throw new IllegalStateException("TFLite could not apply the XNNPACK delegate to " + file);
        }
        TfLiteTensor in = interpreter.input_tensor(0);
        ByteBuffer tensor = in.data().raw().capacity(in.bytes()).asByteBuffer().order(ByteOrder.nativeOrder());
        tensor.put(input.duplicate().order(ByteOrder.nativeOrder()).limit(Math.toIntExact(in.bytes())));
        run();
        if (names.isEmpty()) {
            throw new IllegalStateException("TFLite's XNNPACK delegate reported no operator times");
        }
    }

    private <F extends FunctionPointer> F keep(F callback) {
        alive.add(callback);
        return callback;
    }

    /** The operators' names as the delegate reports them, in order. */
    List<String> operators() {
        return List.copyOf(names);
    }

    /** Runs once; each operator's microseconds. */
    long[] run() {
        names.clear();
        micros.clear();
        if (interpreter.Invoke() != 0) {
            throw new IllegalStateException("TFLite Invoke failed");
        }
        return micros.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public void close() {
        interpreter.close();
        delegate.close();
        resolver.close();
        model.close();
        profiler.close();
    }
}
