package org.mobilenet4j.backend.ops;

import java.nio.ByteBuffer;
import java.util.List;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/** Runs a one-output graph on a backend from real input values (quantized to each input's type). */
public final class OpRun {
    private OpRun() {
    }

    /** A backend's output: stored values (floats, or 8-bit integers) and their type. */
    public record Output(TensorType type, double[] stored) {
        boolean quantized() {
            return type.dataType().isQuantized8();
        }

        double real(int i) {
            Quantization q = type.quantization();
            return quantized() ? q.scale() * (stored[i] - q.zeroPoint()) : stored[i];
        }

        int size() {
            return stored.length;
        }
    }

    public static Output run(Backend backend, Graph g, List<float[]> inputs) {
        try (Executable exe = backend.compile(g, BackendOptions.defaults())) {
            Graph eg = exe.graph();
            ByteBuffer[] in = new ByteBuffer[inputs.size()];
            for (int i = 0; i < in.length; i++) {
                TensorType t = eg.inputType(i);
                in[i] = TensorBuffers.allocate(t);
                float[] v = inputs.get(i);
                for (int k = 0; k < v.length; k++) {
                    if (t.dataType() == DataType.FLOAT32) {
                        in[i].putFloat(k * 4, v[k]);
                    } else {
                        Quantization q = t.quantization();
                        int s = Math.round(v[k] / q.scale()) + q.zeroPoint();
                        in[i].put(k, (byte) Math.max(t.dataType().qmin(), Math.min(t.dataType().qmax(), s)));
                    }
                }
            }
            TensorType ot = eg.outputType(0);
            ByteBuffer out = TensorBuffers.allocate(ot);
            exe.run(in, new ByteBuffer[] {out});
            double[] stored = new double[Math.toIntExact(ot.elementCount())];
            for (int k = 0; k < stored.length; k++) {
                switch (ot.dataType()) {
                    case FLOAT32 -> stored[k] = out.getFloat(k * 4);
                    case UINT8 -> stored[k] = out.get(k) & 0xff;
                    case INT8 -> stored[k] = out.get(k);
                    default -> throw new IllegalStateException("output " + ot);
                }
            }
            return new Output(ot, stored);
        }
    }
}
