package org.mobilenet4j.task;

import org.mobilenet4j.graph.Graph;

/**
 * A classifier head run after a backbone ({@link ImageTaskBuilder#head}): the two graphs joined, or, when the
 * head does not take what the backbone gives, an {@link IllegalArgumentException} naming both and their
 * tensors. Stateless.
 */
public final class HeadChain {
    private HeadChain() {
    }

    /**
     * {@code model} followed by {@code head}; {@code modelName} and {@code headName} name them in the message
     * (e.g. "model m.tflite" and "head h.tflite", or the command-line options), as in
     * "head h.tflite takes uint8[1x1x1x1024] but model m.tflite gives uint8[1x1001]".
     */
    public static Graph of(Graph model, String modelName, Graph head, String headName) {
        if (model.outputs().length != 1) {
            throw new IllegalArgumentException(headName + " needs a model with one output; " + modelName + " has "
                    + model.outputs().length);
        }
        if (head.inputs().length != 1) {
            throw new IllegalArgumentException(headName + " has " + head.inputs().length
                    + " inputs; a head takes one, the output of " + modelName);
        }
        try {
            return model.then(head);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(headName + " takes " + head.inputType(0) + " but " + modelName
                    + " gives " + model.outputType(0), e);
        }
    }
}
