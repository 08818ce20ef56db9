package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * The requantization step shared by quantized convolutions and fully connected layers: per output channel
 * a fixed-point multiplier for x_scale * w_scale / y_scale, the int32 bias, the output zero point and the
 * fused activation's clamp. The multiplier is formed in TFLite's precision: a per-tensor filter's (uint8
 * kernels, fully connected) as float(x_scale * w_scale) widened to double, then divided by y_scale in double
 * (TFLite's GetQuantizedConvolutionMultipler); a per-channel filter's (int8 convolutions) entirely in double
 * (PopulateConvolutionQuantizationParams). {@code singleRounding} applies it with one rounding (what ruy, the
 * matrix library of TFLite's int8 per-channel convolutions, does) instead of gemmlowp's two.
 */
record QuantizedOutput(int inputZeroPoint, int[] bias, int[] multipliers, int[] shifts, int outputZeroPoint,
                       QuantRange range, boolean singleRounding) {

    static QuantizedOutput of(Graph g, Node node, Activation act, int channels) {
        return of(g, node, act, channels, false);
    }

    static QuantizedOutput of(Graph g, Node node, Activation act, int channels, boolean singleRounding) {
        TensorType in = g.tensor(node.input(0)).type();
        Quantization wq = g.tensor(node.input(1)).type().quantization();
        TensorType out = g.tensor(node.output(0)).type();
        if (in.quantization() == null || wq == null || out.quantization() == null) {
            throw new IllegalArgumentException(node + ": quantized input, filter and output need quantization");
        }
        int[] multipliers = new int[channels];
        int[] shifts = new int[channels];
        boolean perChannel = in.dataType() == org.mobilenet4j.graph.DataType.INT8
                && !(node.op() instanceof org.mobilenet4j.graph.Op.FullyConnected);
        for (int c = 0; c < channels; c++) {
            float xs = in.quantization().scale();
            float ws = wq.scale(wq.isPerTensor() ? 0 : c);
            double product = perChannel ? (double) xs * (double) ws : (double) (xs * ws);
            double real = product / (double) out.quantization().scale();
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(real);
            multipliers[c] = m.multiplier();
            shifts[c] = m.shift();
        }
        int[] bias = node.input(2) >= 0 ? Weights.ints(g, node.input(2)) : new int[channels];
        if (bias.length != channels) {
            throw new IllegalArgumentException(node + ": bias has " + bias.length + " values for " + channels
                    + " channels");
        }
        return new QuantizedOutput(in.quantization().zeroPoint(), bias, multipliers, shifts,
                out.quantization().zeroPoint(), QuantRange.of(act, out), singleRounding);
    }

    /** Requantizes one pixel's accumulators into {@code out} at {@code base}. */
    void write(int[] acc, int[] out, int base) {
        for (int c = 0; c < acc.length; c++) {
            int v = (singleRounding
                    ? FixedPoint.multiplyByQuantizedMultiplierRuy(acc[c], multipliers[c], shifts[c])
                    : FixedPoint.multiplyByQuantizedMultiplier(acc[c], multipliers[c], shifts[c])) + outputZeroPoint;
            out[base + c] = range.clamp(v);
        }
    }
}
