package org.mobilenet4j.graph;

/**
 * TensorFlow padding schemes. SAME: output = ceil(in / stride), the total padding
 * max((out - 1) * stride + kernel - in, 0) split with the smaller half before (top/left) and the larger
 * after. VALID: no padding, output = ceil((in - kernel + 1) / stride).
 */
public enum Padding {
    SAME,
    VALID;

    /** Output size along one spatial axis. */
    public int outputSize(int in, int kernel, int stride, int dilation) {
        int effective = (kernel - 1) * dilation + 1;
        if (this == SAME) {
            return (in + stride - 1) / stride;
        }
        int out = (in - effective + stride) / stride;
        if (in < effective) {
            throw new IllegalArgumentException("VALID padding: input " + in + " smaller than kernel " + effective);
        }
        return out;
    }

    /** Padding before the first element (top or left) along one spatial axis. */
    public int padBefore(int in, int kernel, int stride, int dilation) {
        if (this == VALID) {
            return 0;
        }
        int effective = (kernel - 1) * dilation + 1;
        int out = outputSize(in, kernel, stride, dilation);
        int total = Math.max((out - 1) * stride + effective - in, 0);
        return total / 2;
    }

    /** Padding after the last element (bottom or right) along one spatial axis. */
    public int padAfter(int in, int kernel, int stride, int dilation) {
        if (this == VALID) {
            return 0;
        }
        int effective = (kernel - 1) * dilation + 1;
        int out = outputSize(in, kernel, stride, dilation);
        int total = Math.max((out - 1) * stride + effective - in, 0);
        return total - total / 2;
    }
}
