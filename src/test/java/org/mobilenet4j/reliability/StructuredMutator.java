package org.mobilenet4j.reliability;

import com.google.flatbuffers.Table;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

/**
 * Mutations that know the TFLite schema: the byte positions of shape entries, tensor types, tensor buffer
 * indices, operator input / output tensor indices, operator code indices, builtin op codes and option types
 * are found by walking the file with the schema classes, then one of them is overwritten in a copy: shapes
 * changed (zero, negative, huge), buffers swapped, op codes changed, indices pointed out of range.
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
}
