package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.TensorType;

/** The integer clamp range of a fused activation on a quantized output (TFLite's CalculateActivationRange). */
record QuantRange(int min, int max) {

    static QuantRange of(Activation act, TensorType out) {
        float scale = out.quantization().scale();
        int zp = out.quantization().zeroPoint();
        int qmin = out.dataType().qmin();
        int qmax = out.dataType().qmax();
        switch (act) {
            case RELU:
                return new QuantRange(Math.max(qmin, zp + FixedPoint.roundHalfAway(0f / scale)), qmax);
            case RELU6:
                return new QuantRange(Math.max(qmin, zp + FixedPoint.roundHalfAway(0f / scale)),
                        Math.min(qmax, zp + FixedPoint.roundHalfAway(6f / scale)));
            case RELU_N1_TO_1:
                return new QuantRange(Math.max(qmin, zp + FixedPoint.roundHalfAway(-1f / scale)),
                        Math.min(qmax, zp + FixedPoint.roundHalfAway(1f / scale)));
            default:
                return new QuantRange(qmin, qmax);
        }
    }

    int clamp(int v) {
        return v < min ? min : (v > max ? max : v);
    }
}
