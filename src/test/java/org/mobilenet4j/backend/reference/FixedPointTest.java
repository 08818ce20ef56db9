package org.mobilenet4j.backend.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** TFLite's fixed-point helpers against values worked out from their definitions. */
class FixedPointTest {

    @Test
    void quantizeMultiplierSplitsIntoQ31AndShift() {
        // 0.5 = 0.5 * 2^0 -> 2^30, shift 0; 0.75 = 0.75 * 2^0 -> 0.75 * 2^31; 3 = 0.75 * 2^2
        assertEquals(new FixedPoint.Multiplier(1 << 30, 0), FixedPoint.quantizeMultiplier(0.5));
        assertEquals(new FixedPoint.Multiplier(1610612736, 0), FixedPoint.quantizeMultiplier(0.75));
        assertEquals(new FixedPoint.Multiplier(1610612736, 2), FixedPoint.quantizeMultiplier(3.0));
        assertEquals(new FixedPoint.Multiplier(1 << 30, -3), FixedPoint.quantizeMultiplier(0.0625));
    }

    @Test
    void multiplyRoundsAsGemmlowpDoes() {
        FixedPoint.Multiplier half = FixedPoint.quantizeMultiplier(0.5);
        // Doubling high mul: (a*b + nudge) / 2^31, nudge 2^30 for a*b >= 0, 1 - 2^30 below, truncated:
        // 3 * 2^30 -> (3 * 2^30 + 2^30) / 2^31 = 2; -3 * 2^30 -> (-4 * 2^30 + 1) / 2^31 = -1.99.. -> -1
        assertEquals(2, half.apply(3));
        assertEquals(-1, half.apply(-3));
        assertEquals(2, half.apply(4));
        FixedPoint.Multiplier quarter = FixedPoint.quantizeMultiplier(0.25);
        // 0.25 is 2^30 with shift -1: TFLite rounds twice (double rounding), 5 -> high mul 2.5 -> 3 -> 3/2 -> 2
        assertEquals(2, quarter.apply(5));
        assertEquals(2, quarter.apply(6));  // 1.5 -> 2
        // high mul gives -3 (as above), then the rounding shift by 1: remainder 1 is not above threshold 1,
        // so -3 >> 1 = -2
        assertEquals(-2, quarter.apply(-6));
    }

    @Test
    void ruyRoundsTheFinalShiftHalfUp() {
        FixedPoint.Multiplier quarter = FixedPoint.quantizeMultiplier(0.25);
        // -6: high mul -3, then -1.5: gemmlowp rounds away from zero (-2), ruy's x86 kernels half up (-1);
        // +6: 1.5 -> 2 both ways; -5: high mul (-5 * 2^30 + 1 - 2^30) / 2^31 -> -2, then -1 both ways
        assertEquals(-1, FixedPoint.multiplyByQuantizedMultiplierRuy(-6, quarter.multiplier(), quarter.shift()));
        assertEquals(2, FixedPoint.multiplyByQuantizedMultiplierRuy(6, quarter.multiplier(), quarter.shift()));
        assertEquals(-1, FixedPoint.multiplyByQuantizedMultiplierRuy(-5, quarter.multiplier(), quarter.shift()));
        assertEquals(-1, quarter.apply(-5));
    }

    @Test
    void saturatingHighMulSaturatesTheOneOverflow() {
        assertEquals(Integer.MAX_VALUE,
                FixedPoint.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE));
    }
}
