package org.mobilenet4j.task;

import org.mobilenet4j.graph.Dequantizer;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.model.Model;
import org.mobilenet4j.model.ModelInfo;
import org.mobilenet4j.model.UnsupportedModelException;
import org.mobilenet4j.vision.InputEncoder;

/**
 * The graph an image task runs before any output is selected: the model, followed by the head if one is
 * given (the head's labels win), and what the metadata says.
 *
 * @param graph  model (+ head)
 * @param info   metadata (name and normalization of the model, labels of the head if it has them)
 * @param sha256 the model's SHA-256, with the head's after a '+' if there is one
 * @param labelsFrom the name of the file whose metadata gave {@code info}'s labels (the head's or the model's)
 */
record TaskModel(Graph graph, ModelInfo info, String sha256, String labelsFrom) {

    static TaskModel load(ImageTaskOptions o) {
        Model m = o.model().load();
        requireImageInput(m.graph(), o.model().name());
        if (o.head() == null) {
            return new TaskModel(m.graph(), m.info(), o.model().sha256(), o.model().name());
        }
        Model head = o.head().load();
        ModelInfo info = head.info().labels() == null ? m.info()
                : new ModelInfo(m.info().name(), m.info().mean(), m.info().std(), head.info().labels());
        Graph chained = HeadChain.of(m.graph(), "model " + o.model().name(), head.graph(), "head " + o.head().name());
        return new TaskModel(chained, info, o.model().sha256() + "+" + o.head().sha256(),
                head.info().labels() == null ? o.model().name() : o.head().name());
    }

    /** Before anything else is asked of it: the model takes one image (else the task has nothing to feed it). */
    private static void requireImageInput(Graph g, String model) {
        if (g.inputs().length != 1) {
            throw new UnsupportedModelException(model + ": an image model needs one input, model has "
                    + g.inputs().length);
        }
        if (!InputEncoder.isImage(g.inputType(0))) {
            throw new UnsupportedModelException(model + ": its input " + g.inputType(0) + " is not an image "
                    + InputEncoder.IMAGE_SHAPE + " (RGB); image tasks cannot feed it");
        }
    }

    /** {@code g} as the options want it run (dequantized or not). */
    static Graph runnable(Graph g, ImageTaskOptions o) {
        return o.dequantize() ? Dequantizer.toFloat(g) : g;
    }
}
