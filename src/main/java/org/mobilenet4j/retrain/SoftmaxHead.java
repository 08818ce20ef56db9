package org.mobilenet4j.retrain;

/**
 * A classifier head: {@code softmax(W x + b)} with W [classes][dimension]. What is trained, scored and
 * exported as FULLY_CONNECTED + SOFTMAX. Immutable (arrays are copied in and out); thread-safe.
 */
public final class SoftmaxHead {
    private final float[][] weights;
    private final float[] bias;

    public SoftmaxHead(float[][] weights, float[] bias) {
        if (weights.length != bias.length || weights.length < 2) {
            throw new IllegalArgumentException("a head needs at least two classes and one bias per class");
        }
        this.weights = new float[weights.length][];
        for (int c = 0; c < weights.length; c++) {
            if (weights[c].length != weights[0].length) {
                throw new IllegalArgumentException("weight rows differ in length");
            }
            this.weights[c] = weights[c].clone();
        }
        this.bias = bias.clone();
    }

    public int classes() {
        return bias.length;
    }

    public int dimension() {
        return weights[0].length;
    }

    /** The weights, row c for class c (a copy). */
    public float[][] weights() {
        float[][] w = new float[weights.length][];
        for (int c = 0; c < w.length; c++) {
            w[c] = weights[c].clone();
        }
        return w;
    }

    public float[] bias() {
        return bias.clone();
    }

    /** Logits W x + b, accumulated in double in a fixed order ({@link Dot}: deterministic). */
    public double[] logits(float[] x) {
        if (x.length != dimension()) {
            throw new IllegalArgumentException("embedding of dimension " + x.length + ", head expects " + dimension());
        }
        double[] z = new double[bias.length];
        for (int c = 0; c < z.length; c++) {
            z[c] = bias[c] + Dot.of(weights[c], x);
        }
        return z;
    }

    /** Class probabilities. */
    public double[] probabilities(float[] x) {
        return softmax(logits(x));
    }

    /** The most probable class. */
    public int predict(float[] x) {
        return argmax(logits(x));
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Fraction of {@code data} predicted right (0 for no examples). */
    public double accuracy(Examples data) {
        int right = 0;
        for (int i = 0; i < data.size(); i++) {
            right += predict(data.x()[i]) == data.y()[i] ? 1 : 0;
        }
        return data.size() == 0 ? 0 : right / (double) data.size();
    }

    /** Mean cross-entropy of {@code data} (0 for no examples). */
    public double loss(Examples data) {
        double sum = 0;
        for (int i = 0; i < data.size(); i++) {
            sum -= Math.log(Math.max(probabilities(data.x()[i])[data.y()[i]], 1e-300));
        }
        return data.size() == 0 ? 0 : sum / data.size();
    }
}
