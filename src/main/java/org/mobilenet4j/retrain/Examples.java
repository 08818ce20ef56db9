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

    public int size() {
        return y.length;
    }
}
