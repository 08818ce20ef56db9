package org.mobilenet4j.backend.reference;

/**
 * TFLite's integer arithmetic for quantized kernels (gemmlowp fixed point), written out so that results
 * match TFLite bit for bit: a real multiplier becomes a Q31 integer and a power-of-two shift, applied with
 * rounding as TFLite rounds.
 */
final class FixedPoint {
    private FixedPoint() {
    }

    /** A real multiplier as (Q31 multiplier, shift), as TFLite's QuantizeMultiplier computes it. */
    record Multiplier(int multiplier, int shift) {
        int apply(int x) {
            return multiplyByQuantizedMultiplier(x, multiplier, shift);
        }
    }

    static Multiplier quantizeMultiplier(double real) {
        if (real == 0.0) {
            return new Multiplier(0, 0);
        }
        if (!(real > 0) || Double.isInfinite(real)) {
            throw new IllegalArgumentException("multiplier must be positive and finite: " + real);
        }
        // frexp: real = q * 2^shift with q in [0.5, 1)
        int shift = Math.getExponent(real) + 1;
        double q = real / Math.pow(2, shift);
        long qFixed = roundHalfAway(q * (1L << 31));
        if (qFixed == (1L << 31)) {
            qFixed /= 2;
            shift++;
        }
        if (shift < -31) {
            shift = 0;
            qFixed = 0;
        }
        return new Multiplier((int) qFixed, shift);
    }

    /** std::round: halves away from zero. */
    static long roundHalfAway(double v) {
        return v >= 0 ? (long) Math.floor(v + 0.5) : -(long) Math.floor(-v + 0.5);
    }

    static int roundHalfAway(float v) {
        return v >= 0 ? (int) Math.floor(v + 0.5f) : -(int) Math.floor(-v + 0.5f);
    }

    static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == b && a == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * (long) b;
        long nudge = ab >= 0 ? (1L << 30) : (1 - (1L << 30));
        return (int) ((ab + nudge) / (1L << 31));
    }

    static int roundingDivideByPOT(int x, int exponent) {
        int mask = (1 << exponent) - 1;
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x * (1 << leftShift), multiplier), rightShift);
    }

    /**
     * As {@link #multiplyByQuantizedMultiplier} but the final right shift rounds halves up (toward +inf)
     * instead of away from zero: ruy's x86 kernels, behind TFLite's int8 per-channel convolutions.
     */
    static int multiplyByQuantizedMultiplierRuy(int x, int multiplier, int shift) {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        int high = saturatingRoundingDoublingHighMul(x * (1 << leftShift), multiplier);
        return rightShift == 0 ? high : (int) (((long) high + (1L << (rightShift - 1))) >> rightShift);
    }
}
