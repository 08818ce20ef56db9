package org.mobilenet4j.retrain;

import java.util.List;

/**
 * Embeddings with their class indices: what a head is trained or scored on.
 *
 * @param x      {@code x[i]} is example i's embedding
 * @param y      {@code y[i]} is its class
 * @param images where each example came from (for reports), same order
 */
public record Examples(float[][] x, int[] y, List<LabeledImage> images) {
    public Examples {
        if (x.length != y.length || images.size() != y.length) {
            throw new IllegalArgumentException("examples need one label and one image per embedding");
        }
    }

    /** These examples followed by {@code more}. */
    public Examples plus(Examples more) {
        float[][] xs = java.util.Arrays.copyOf(x, x.length + more.x.length);
        System.arraycopy(more.x, 0, xs, x.length, more.x.length);
        int[] ys = java.util.Arrays.copyOf(y, y.length + more.y.length);
        System.arraycopy(more.y, 0, ys, y.length, more.y.length);
        List<LabeledImage> all = new java.util.ArrayList<>(images);
        all.addAll(more.images);
        return new Examples(xs, ys, all);
    }

    public int size() {
        return y.length;
    }
}
