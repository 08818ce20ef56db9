package org.mobilenet4j.retrain;

import java.util.List;
import org.mobilenet4j.graph.ConstantData;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * A {@link SoftmaxHead} quantized for an 8-bit embedding, as TFLite's post-training quantization lays out a
 * FULLY_CONNECTED + SOFTMAX: weights in the embedding's type (uint8 asymmetric per tensor, int8 symmetric),
 * int32 bias at scale embedding scale x weight scale, logits quantized over the range the representative
 * embeddings (the training set) produce, softmax output at scale 1/256 and zero point at the type's minimum.
 */
final class QuantizedHead {
    private QuantizedHead() {
    }

    /** The weight tensor's type and bytes. */
    record Constant(TensorType type, ConstantData data) {
    }

    static Constant weights(SoftmaxHead head, DataType dt) {
        float[][] w = head.weights();
        double min = 0;
        double max = 0;
        for (float[] row : w) {
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        Quantization q = dt == DataType.INT8
                ? Quantization.perTensor((float) (Math.max(Math.max(-min, max), 1e-12) / 127), 0)
                : range(min, max, dt);
        byte[] bytes = new byte[head.classes() * head.dimension()];
        for (int c = 0; c < w.length; c++) {
            for (int i = 0; i < w[c].length; i++) {
                bytes[c * head.dimension() + i] = (byte) quantize(w[c][i], q, dt);
            }
        }
        return new Constant(new TensorType(new int[] {head.classes(), head.dimension()}, dt, q),
                new ConstantData(java.nio.ByteBuffer.wrap(bytes)));
    }

    static Constant bias(SoftmaxHead head, Quantization embedding, Quantization weights) {
        double scale = (double) embedding.scale() * weights.scale();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(head.classes() * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : head.bias()) {
            b.putInt((int) Math.round(v / scale));
        }
        b.flip();
        return new Constant(new TensorType(new int[] {head.classes()}, DataType.INT32,
                Quantization.perTensor((float) scale, 0)), new ConstantData(b));
    }

    /** Logit quantization covering every logit the representative embeddings produce (and 0). */
    static Quantization logits(SoftmaxHead head, List<float[]> representative, DataType dt) {
        double min = 0;
        double max = 0;
        for (float[] x : representative) {
            for (double z : head.logits(x)) {
                min = Math.min(min, z);
                max = Math.max(max, z);
            }
        }
        return range(min, max, dt);
    }

    static Quantization probabilities(DataType dt) {
        return Quantization.perTensor(1f / 256, dt.qmin());
    }

    private static Quantization range(double min, double max, DataType dt) {
        double scale = Math.max(max - min, 1e-9) / (dt.qmax() - dt.qmin());
        long zp = Math.round(dt.qmin() - min / scale);
        return Quantization.perTensor((float) scale, Math.max(dt.qmin(), Math.min(dt.qmax(), zp)));
    }

    private static int quantize(float v, Quantization q, DataType dt) {
        return (int) Math.max(dt.qmin(), Math.min(dt.qmax(), Math.round(v / q.scale()) + q.zeroPoint()));
    }
}
