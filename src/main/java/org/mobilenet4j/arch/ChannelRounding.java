package org.mobilenet4j.arch;

/** How a layer table turns {@code channels * alpha} into an integer channel count. */
public enum ChannelRounding {
    /** TF-slim MobileNet v1: {@code max(int(c * alpha), min)}. */
    TRUNCATE,
    /**
     * TF-slim MobileNet v2/v3 {@code make_divisible}: round to the nearest multiple of the divisor (halves
     * up), at least the divisor, and add a divisor when rounding lost more than 10 %.
     */
    DIVISIBLE;

    public int apply(double channels, int divisor) {
        if (this == TRUNCATE) {
            return Math.max((int) channels, divisor);
        }
        int rounded = Math.max(divisor, (int) (channels + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * channels) {
            rounded += divisor;
        }
        return rounded;
    }
}
