package org.mobilenet4j.spark;

import java.io.Serializable;
import java.util.List;
import org.mobilenet4j.model.ModelSource;

/**
 * What the driver broadcasts to the executors for one {@code transform}: the model's bytes, a head's bytes if one
 * runs after it, and labels that replace the model's (null: the model's own metadata labels, or the index as
 * text). Executors never read the driver's paths.
 *
 * @param model     the .tflite bytes
 * @param modelName the model's file name (messages)
 * @param head      the head's .tflite bytes, or null
 * @param headName  the head's file name, or null
 * @param labels    one label per output, or null
 */
record ShippedModel(byte[] model, String modelName, byte[] head, String headName, String[] labels)
        implements Serializable {

    ModelSource modelSource() {
        return ModelSource.of(model, modelName);
    }

    /** The head, or null. */
    ModelSource headSource() {
        return head == null ? null : ModelSource.of(head, headName);
    }

    /** The model's SHA-256, with the head's after a '+' if there is one. */
    String sha256() {
        return modelSource().sha256() + (head == null ? "" : "+" + headSource().sha256());
    }

    /** The labels, or null. */
    List<String> labelList() {
        return labels == null ? null : List.of(labels);
    }
}
