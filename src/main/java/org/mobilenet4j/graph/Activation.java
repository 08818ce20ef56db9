package org.mobilenet4j.graph;

/** Activations that TFLite fuses into convolutions, adds and pools: all of them clamps. */
public enum Activation {
    NONE(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
    RELU(0f, Float.POSITIVE_INFINITY),
    RELU_N1_TO_1(-1f, 1f),
    RELU6(0f, 6f);

    private final float min;
    private final float max;

    Activation(float min, float max) {
        this.min = min;
        this.max = max;
    }

    public float min() {
        return min;
    }

    public float max() {
        return max;
    }
}
