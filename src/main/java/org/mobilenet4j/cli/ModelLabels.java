package org.mobilenet4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mobilenet4j.task.HeadChain;
import org.mobilenet4j.task.Labels;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.tflite.TfliteModel;

/**
 * Labels for a model that carries none in its metadata: the {@code <stem>.labels.txt} named after the model file
 * (as {@code retrain} writes it), else the {@code labels.txt} beside it (as the official TFLite archives and the
 * AOSP benchmark set ship them), when it has one line per output ({@link Labels#besideModel}). The project
 * bundles no label list of its own. Either way the choice is said once on stderr. Also the checks of --head
 * and --labels against the model, before a task is built, in messages that name the options and files.
 */
final class ModelLabels {
    private ModelLabels() {
    }

    /** The labels file to use for a model without metadata labels, or null (the model's own labels, or none). */
    static Path besideModel(Path model, Path head, PrintWriter err) {
        TfliteModel m = TfliteImporter.read(model);
        TfliteModel last = head != null ? TfliteImporter.read(head) : m;
        if (last.info().labels() != null || m.info().labels() != null) {
            // the classifier uses the head's metadata labels, else the model's
            return null;
        }
        Graph g = head != null ? chain(m, model, last, head) : m.graph();
        long outputs = g.outputs().length == 1 ? g.outputType(0).elementCount() : -1;
        Path beside = Labels.besideModel(model, outputs);
        if (beside != null) {
            err.println("note: " + model + " has no labels in its metadata; using " + asGiven(model, beside));
            err.flush();
            return beside;
        }
        err.println("note: " + model + " has no labels in its metadata and neither "
                + Labels.namedAfter(model).getFileName() + " nor " + Labels.BESIDE_MODEL + " with " + outputs
                + " lines beside it; labels are class indices (give --labels FILE)");
        err.flush();
        return null;
    }

    /** Throws unless --head fits --model, naming both files and their tensors. */
    static void checkHead(Path model, Path head) {
        chain(TfliteImporter.read(model), model, TfliteImporter.read(head), head);
    }

    /** Throws unless --labels has one line per output of --model (+ --head), naming the file and both counts. */
    static void checkLabels(Path labels, Path model, Path head) {
        TfliteModel m = TfliteImporter.read(model);
        Graph g = head != null ? chain(m, model, TfliteImporter.read(head), head) : m.graph();
        if (g.outputs().length == 1) {
            Labels.read(labels, g.outputType(0).elementCount(), "--labels " + labels);
        }
    }

    private static Graph chain(TfliteModel m, Path model, TfliteModel h, Path head) {
        return HeadChain.of(m.graph(), model.toString(), h.graph(), "--head " + head);
    }

    /** {@code found} (a file beside {@code model}) named from the path the user gave, not an absolute one. */
    private static Path asGiven(Path model, Path found) {
        return model.resolveSibling(found.getFileName());
    }
}
