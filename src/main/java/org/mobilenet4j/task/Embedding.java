package org.mobilenet4j.task;

import java.util.Arrays;

/**
 * A feature vector from an {@link ImageEmbedder}: its float values (L2-normalized if the embedder was asked
 * to, or quantizes) and, if the embedder quantizes, their int8 scalar quantization round(v * 128) clamped to
 * [-128, 127] (of L2-normalized values, which lie in [-1, 1]). Immutable; accessors return copies.
 */
public final class Embedding {
    private final float[] values;
    private final byte[] quantized;

    Embedding(float[] values, byte[] quantized) {
        this.values = values;
        this.quantized = quantized;
    }

    /** The values (a copy). */
    public float[] values() {
        return values.clone();
    }

    public int dimension() {
        return values.length;
    }

    /** True when the embedder quantizes: {@link #quantized()} holds the int8 values. */
    public boolean isQuantized() {
        return quantized != null;
    }

    /** The int8 values (a copy); {@link IllegalStateException} if the embedder does not quantize. */
    public byte[] quantized() {
        if (quantized == null) {
            throw new IllegalStateException("this embedding is not quantized (ImageEmbedder.Builder.quantize)");
        }
        return quantized.clone();
    }

    /** Cosine similarity over the int8 values when both are quantized, else over the floats. */
    static double cosineSimilarity(Embedding a, Embedding b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("embeddings of different dimensions: " + a.dimension() + " and "
                    + b.dimension());
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        boolean q = a.isQuantized() && b.isQuantized();
        for (int i = 0; i < a.dimension(); i++) {
            double x = q ? a.quantized[i] : a.values[i];
            double y = q ? b.quantized[i] : b.values[i];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        if (na == 0 || nb == 0) {
            throw new IllegalArgumentException("cosine similarity of a zero vector is undefined");
        }
        return dot / Math.sqrt(na * nb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && Arrays.equals(values, e.values) && Arrays.equals(quantized, e.quantized);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(quantized);
    }

    @Override
    public String toString() {
        return "Embedding[" + values.length + (quantized != null ? ", int8" : "") + "]";
    }
}
