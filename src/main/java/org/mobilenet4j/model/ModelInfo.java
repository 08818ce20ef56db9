package org.mobilenet4j.model;

import java.util.List;

/**
 * What a model's TFLite metadata says, where it says it.
 *
 * @param name          model name from the metadata, or the file name
 * @param mean          per-channel input normalization mean (1 or 3 values), or null if not given
 * @param std           per-channel input normalization std, or null if not given
 * @param labels        output labels from the embedded label file, or null if none
 */
public record ModelInfo(String name, float[] mean, float[] std, List<String> labels) {
}
