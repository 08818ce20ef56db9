package org.mobilenet4j.model;

import java.util.List;

/**
 * What a model's TFLite metadata says, where it says it. Immutable: the arrays are copied in and out.
 *
 * @param name          model name from the metadata, or the file name
 * @param mean          per-channel input normalization mean (1 or 3 values), or null if not given
 * @param std           per-channel input normalization std, or null if not given
 * @param labels        output labels from the embedded label file, or null if none
 */
public record ModelInfo(String name, float[] mean, float[] std, List<String> labels) {
    public ModelInfo {
        mean = mean == null ? null : mean.clone();
        std = std == null ? null : std.clone();
        labels = labels == null ? null : List.copyOf(labels);
    }

    /** A copy of the normalization mean, or null. */
    @Override
    public float[] mean() {
        return mean == null ? null : mean.clone();
    }

    /** A copy of the normalization std, or null. */
    @Override
    public float[] std() {
        return std == null ? null : std.clone();
    }
}
