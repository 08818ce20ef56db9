package org.mobilenet4j.arch;

/**
 * One row of a layer table (see models/*.table): a block repeated {@code repeat} times, the first
 * repetition with {@code stride}, the others with stride 1.
 *
 * @param block   conv, dwsep, bneck, avgpool, fc or softmax
 * @param kernel  spatial kernel size, 0 where it does not apply
 * @param expand  expansion ratio of a bottleneck (the paper's t, or exp size / input channels), 0 if none
 * @param out     output channels at alpha 1; -1 means "the number of classes"
 * @param width   how alpha applies to {@code out}
 */
public record LayerRow(String block, int repeat, int kernel, int stride, double expand, int out,
                       boolean squeezeExcite, String activation, Width width, int line) {

    /** How the width multiplier applies to a row's output channels. */
    public enum Width {
        /** multiplied by alpha and rounded. */
        SCALE,
        /** multiplied only when alpha is above 1 (MobileNet v2's last 1x1 conv). */
        GROW,
        /** never multiplied (the classifier). */
        FIXED
    }
}
