package org.mobilenet4j.reliability;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.flatbuffers.Table;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

/**
 * Mutations that know the TFLite schema: the byte positions of shape entries, tensor types, tensor buffer
 * indices, operator input / output tensor indices, operator code indices, builtin op codes and option types
 * are found by walking the file with the schema classes, then one of them is overwritten in a copy: shapes
 * changed (zero, negative, huge), buffers swapped, op codes changed, indices pointed out of range.
 * {@link #mutateParameters} edits the unpacked model instead (the schema's object API), which also sets
 * fields the file leaves at their defaults: quantization parameters (extreme, negative, NaN, infinite and
 * subnormal scales; zero points out of their type's range; per-channel arrays of the wrong length or along
 * a wrong axis) and window parameters (dilations, strides, padding, depth multipliers, pool sizes).
 */
final class StructuredMutator {
    /** A scalar or vector element in the file: where, how wide, and what it is. */
    private record Slot(String what, int position, int width) {
    }

    private final byte[] original;
    private final List<Slot> slots = new ArrayList<>();
    private final int tensorCount;
    private final int[] bufferIndices;

    StructuredMutator(byte[] original) {
        this.original = original;
        ByteBuffer bb = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        Model m = Model.getRootAsModel(bb);
        for (int i = 0; i < m.operatorCodesLength(); i++) {
            OperatorCode code = m.operatorCodes(i);
            field(code, 4, 1, "deprecated builtin code");
            field(code, 10, 4, "builtin code");
        }
        SubGraph g = m.subgraphs(0);
        tensorCount = g.tensorsLength();
        bufferIndices = new int[tensorCount];
        for (int t = 0; t < tensorCount; t++) {
            Tensor tensor = g.tensors(t);
            vector(tensor.shapeAsByteBuffer(), "shape entry");
            field(tensor, 6, 1, "tensor type");
            field(tensor, 8, 4, "tensor buffer index");
            bufferIndices[t] = (int) tensor.buffer();
        }
        for (int o = 0; o < g.operatorsLength(); o++) {
            Operator op = g.operators(o);
            field(op, 4, 4, "operator code index");
            field(op, 10, 1, "builtin options type");
            vector(op.inputsAsByteBuffer(), "operator input");
            vector(op.outputsAsByteBuffer(), "operator output");
        }
    }

    private void vector(ByteBuffer elements, String what) {
        if (elements != null) {
            for (int p = elements.position(); p + 4 <= elements.limit(); p += 4) {
                slots.add(new Slot(what, p, 4));
            }
        }
    }

    private void field(Table table, int vtableOffset, int width, String what) {
        try {
            Method offset = Table.class.getDeclaredMethod("__offset", int.class);
            offset.setAccessible(true);
            Field pos = Table.class.getDeclaredField("bb_pos");
            pos.setAccessible(true);
            int o = (int) offset.invoke(table, vtableOffset);
            if (o != 0) {
                slots.add(new Slot(what, pos.getInt(table) + o, width));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    int slotCount() {
        return slots.size();
    }

    /** A copy with one schema field overwritten; {@code description} receives what was changed. */
    byte[] mutate(SplittableRandom r, StringBuilder description) {
        byte[] b = original.clone();
        Slot s = slots.get(r.nextInt(slots.size()));
        int value;
        switch (s.what()) {
            case "tensor buffer index":
                // another tensor's buffer: the data and the declared shape no longer agree
                value = r.nextInt(4) == 0 ? r.nextInt() : bufferIndices[r.nextInt(tensorCount)];
                break;
            case "operator input": case "operator output":
                value = r.nextInt(-2, tensorCount + 2);
                break;
            case "shape entry": {
                int[] values = {0, -1, 1, 3, 1 << 20, Integer.MAX_VALUE, Integer.MIN_VALUE, r.nextInt(1, 2048)};
                value = values[r.nextInt(values.length)];
                break;
            }
            default:
                value = s.width() == 1 ? r.nextInt(256) : r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(200);
        }
        for (int i = 0; i < s.width(); i++) {
            b[s.position() + i] = (byte) (value >> (8 * i));
        }
        description.append(s.what()).append(" at ").append(s.position()).append(" := ").append(value);
        return b;
    }

    private static final float[] SCALES = {1e30f, Float.MAX_VALUE, 1e-30f, Float.MIN_NORMAL, Float.MIN_VALUE, 0f, -1f,
        -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0x1.0p-32f, 0x1.0p-33f, 255.99f, 256f,
        1e-3f, 1f / 256};
    private static final long[] ZERO_POINTS = {Integer.MIN_VALUE, 256, 1L << 40, -1, -128, -129, 127, 128, 255,
        Long.MIN_VALUE, Long.MAX_VALUE, 0};
    private static final int[] WINDOW = {0, -1, 1, 2, 3, 7, 64, 65, 4096, 4097, 1 << 20, Integer.MAX_VALUE,
        Integer.MIN_VALUE};

    /** A copy of {@code model} with {@code change} applied to its unpacked form. */
    static byte[] edit(byte[] model, Consumer<ModelT> change) {
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN)).unpack();
        change.accept(m);
        FlatBufferBuilder fbb = new FlatBufferBuilder(model.length + 4096);
        Model.finishModelBuffer(fbb, Model.pack(fbb, m));
        return fbb.sizedByteArray();
    }

    /** A copy with one tensor's quantization or one operator's window parameters changed. */
    byte[] mutateParameters(SplittableRandom r, StringBuilder description) {
        return edit(original, m -> {
            if (r.nextBoolean()) {
                mutateQuantization(m.getSubgraphs()[0].getTensors(), r, description);
            } else {
                mutateWindow(m.getSubgraphs()[0].getOperators(), r, description);
            }
        });
    }

    private static int pick(SplittableRandom r, int[] values) {
        return r.nextInt(5) == 0 ? r.nextInt(-3, 300) : values[r.nextInt(values.length)];
    }

    private static float pickScale(SplittableRandom r, float original) {
        return r.nextInt(4) == 0 ? original * (float) Math.pow(2, r.nextInt(-40, 40)) : SCALES[r.nextInt(SCALES.length)];
    }

    private static void mutateQuantization(TensorT[] tensors, SplittableRandom r, StringBuilder d) {
        int t = r.nextInt(tensors.length);
        TensorT tensor = tensors[t];
        QuantizationParametersT q = tensor.getQuantization() != null ? tensor.getQuantization()
                : new QuantizationParametersT();
        tensor.setQuantization(q);
        float[] scales = q.getScale() == null || q.getScale().length == 0 ? new float[] {1f} : q.getScale();
        long[] zeroPoints = q.getZeroPoint() == null || q.getZeroPoint().length == 0 ? new long[scales.length]
                : q.getZeroPoint();
        d.append("tensor ").append(t).append(" '").append(tensor.getName()).append("' ");
        switch (r.nextInt(4)) {
            case 0: {
                int i = r.nextInt(scales.length);
                scales[i] = pickScale(r, scales[i]);
                d.append("scale[").append(i).append("] := ").append(scales[i]);
                break;
            }
            case 1: {
                int i = r.nextInt(zeroPoints.length);
                zeroPoints[i] = r.nextInt(4) == 0 ? r.nextLong() : ZERO_POINTS[r.nextInt(ZERO_POINTS.length)];
                d.append("zero point[").append(i).append("] := ").append(zeroPoints[i]);
                break;
            }
            case 2: {
                // per-channel arrays, often of the wrong length
                int[] shape = tensor.getShape();
                int dims = shape == null || shape.length == 0 ? 1 : shape[r.nextInt(shape.length)];
                int[] lengths = {0, 1, 2, dims - 1, dims, dims + 1, 1 << 16};
                int n = Math.max(0, lengths[r.nextInt(lengths.length)]);
                int nz = r.nextInt(3) == 0 ? Math.max(0, n + r.nextInt(-1, 2)) : n;
                scales = new float[n];
                for (int i = 0; i < n; i++) {
                    scales[i] = r.nextInt(8) == 0 ? pickScale(r, 0.01f) : 0.01f;
                }
                zeroPoints = new long[nz];
                q.setQuantizedDimension(r.nextInt(3) == 0 ? r.nextInt(-2, 6) : 0);
                d.append(n).append(" scales, ").append(nz).append(" zero points, axis ")
                        .append(q.getQuantizedDimension());
                break;
            }
            default:
                q.setQuantizedDimension(r.nextInt(-2, 6));
                d.append("quantized dimension := ").append(q.getQuantizedDimension());
        }
        q.setScale(scales);
        q.setZeroPoint(zeroPoints);
    }

    private static void mutateWindow(OperatorT[] operators, SplittableRandom r, StringBuilder d) {
        List<OperatorT> windowed = new ArrayList<>();
        for (OperatorT op : operators) {
            Object o = op.getBuiltinOptions() == null ? null : op.getBuiltinOptions().getValue();
            if (o instanceof Conv2DOptionsT || o instanceof DepthwiseConv2DOptionsT || o instanceof Pool2DOptionsT) {
                windowed.add(op);
            }
        }
        if (windowed.isEmpty()) {
            d.append("no windowed operator");
            return;
        }
        int k = r.nextInt(windowed.size());
        Object o = windowed.get(k).getBuiltinOptions().getValue();
        // SAME keeps the output shape whatever the dilation: the case that reaches the kernels
        byte padding = (byte) (r.nextInt(4) == 0 ? r.nextInt(-1, 3) : 0);
        int field = r.nextInt(4);
        int v = pick(r, WINDOW);
        d.append("windowed operator ").append(k).append(" ").append(o.getClass().getSimpleName()).append(": padding ")
                .append(padding).append(", field ").append(field).append(" := ").append(v);
        if (o instanceof Conv2DOptionsT c) {
            c.setPadding(padding);
            switch (field) {
                case 0: c.setDilationHFactor(v); break;
                case 1: c.setDilationWFactor(v); break;
                case 2: c.setStrideH(v); break;
                default: c.setStrideW(v);
            }
        } else if (o instanceof DepthwiseConv2DOptionsT c) {
            c.setPadding(padding);
            switch (field) {
                case 0: c.setDilationHFactor(v); c.setDilationWFactor(r.nextBoolean() ? v : 1); break;
                case 1: c.setDilationWFactor(v); break;
                case 2: c.setStrideH(v); break;
                default: c.setDepthMultiplier(v);
            }
        } else if (o instanceof Pool2DOptionsT p) {
            p.setPadding(padding);
            switch (field) {
                case 0: p.setFilterHeight(v); break;
                case 1: p.setFilterWidth(v); break;
                case 2: p.setStrideH(v); break;
                default: p.setStrideW(v);
            }
        }
    }
}
