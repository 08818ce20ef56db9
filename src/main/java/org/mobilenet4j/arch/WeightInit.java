package org.mobilenet4j.arch;

import java.util.SplittableRandom;

/**
 * Deterministic random weights for graphs built from a layer table (benchmarks, shape tests). Uniform in
 * +-sqrt(3 / fan_in), which keeps activations of unit variance through linear layers; biases uniform in
 * +-0.05. The same seed always gives the same weights.
 */
public final class WeightInit {
    private final SplittableRandom random;

    public WeightInit(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public float[] weights(int count, int fanIn) {
        double limit = Math.sqrt(3.0 / fanIn);
        float[] w = new float[count];
        for (int i = 0; i < count; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return w;
    }

    public float[] biases(int count) {
        float[] b = new float[count];
        for (int i = 0; i < count; i++) {
            b[i] = (float) ((random.nextDouble() * 2 - 1) * 0.05);
        }
        return b;
    }
}
