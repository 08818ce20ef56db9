package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Quantization;

/**
 * TFLite's quantized HARD_SWISH, x * relu6(x + 3) / 6 in 16-bit fixed point: the input is moved to a
 * high-resolution scale (x_scale / 128), multiplied once by the output multiplier (x_scale / 128 / y_scale)
 * and once by a "relu-ish" multiplier mapping [-3, 3] to [-1, 1] in Q15 (saturating), which is then moved to
 * [0, 1] and multiplied in with a truncating doubling high multiply; a final rounding shift lands on the output
 * scale. Both multipliers are formed in float, as TFLite's Prepare does, then cut to 16 bits. Because the
 * result depends only on the 8-bit input, it is evaluated once per possible input into a table.
 */
final class QuantizedHardSwish {
    private QuantizedHardSwish() {
    }

    /** The output for every input value {@code qmin..qmax} of {@code inType}, indexed from qmin. */
    static int[] table(DataType inType, Quantization in, DataType outType, Quantization out) {
        float hiresInputScale = (1.0f / 128.0f) * in.scale();
        float reluishScale = 3.0f / 32768.0f;
        FixedPoint.Multiplier om = FixedPoint.quantizeMultiplier(hiresInputScale / out.scale());
        FixedPoint.Multiplier rm = FixedPoint.quantizeMultiplier(hiresInputScale / reluishScale);
        if (om.shift() > 0) {
            throw new IllegalArgumentException("hard-swish output multiplier above 1: input scale " + in.scale()
                    + ", output scale " + out.scale());
        }
        int outputMultiplier = toInt16(om.multiplier());
        int reluishMultiplier = toInt16(rm.multiplier());
        int qmin = inType.qmin();
        int[] table = new int[inType.qmax() - qmin + 1];
        for (int q = qmin; q <= inType.qmax(); q++) {
            int input = q - in.zeroPoint();
            int hires = input * (1 << 7);
            int preshiftOutput = roundingDoublingHighMul16(hires, outputMultiplier);
            int reluish = hires;
            if (rm.shift() > 0) {
                reluish = saturatingLeftShift16(reluish, rm.shift() - 1);
            }
            reluish = roundingDoublingHighMul16(reluish, reluishMultiplier);
            if (rm.shift() > 0) {
                reluish = saturatingLeftShift16(reluish, 1);
            }
            if (rm.shift() < 0) {
                reluish = FixedPoint.roundingDivideByPOT(reluish, -rm.shift());
            }
            reluish = (short) ((reluish + (1 << 15)) >> 1);
            int preshift = doublingHighMul16(reluish, preshiftOutput);
            int y = FixedPoint.roundingDivideByPOT(preshift, -om.shift()) + out.zeroPoint();
            table[q - qmin] = Math.min(Math.max(y, outType.qmin()), outType.qmax());
        }
        return table;
    }

    /** A Q31 multiplier rounded to Q15 (TFLite's DownScaleInt32ToInt16Multiplier). */
    private static int toInt16(int multiplier) {
        int roundingOffset = 1 << 15;
        if (multiplier >= Integer.MAX_VALUE - roundingOffset) {
            return Short.MAX_VALUE;
        }
        return (multiplier + roundingOffset) >> 16;
    }

    private static int saturatingLeftShift16(int v, int amount) {
        long r = (long) v * (1L << amount);
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }

    /** gemmlowp's SaturatingRoundingDoublingHighMul on int16. */
    private static int roundingDoublingHighMul16(int a, int b) {
        if (a == b && a == Short.MIN_VALUE) {
            return Short.MAX_VALUE;
        }
        int ab = a * b;
        int nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
        return (short) ((ab + nudge) / (1 << 15));
    }

    /** The truncating variant (like ARM's SQDMULH). */
    private static int doublingHighMul16(int a, int b) {
        if (a == b && a == Short.MIN_VALUE) {
            return Short.MAX_VALUE;
        }
        return (short) ((a * b) / (1 << 15));
    }
}
