package org.mobilenet4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mobilenet4j.task.Labels;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.tflite.TfliteModel;

/**
 * Labels for a model that carries none in its metadata: the {@code <stem>.labels.txt} named after the model file
 * (as {@code retrain} writes it), else the {@code labels.txt} beside it (as the official TFLite archives and the
 * AOSP benchmark set ship them), when it has one line per output ({@link Labels#besideModel}). The project
 * bundles no label list of its own. Either way the choice is said once on stderr.
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
        Graph g = head != null ? m.graph().then(last.graph()) : m.graph();
        long outputs = g.outputs().length == 1 ? g.outputType(0).elementCount() : -1;
        Path beside = Labels.besideModel(model, outputs);
        if (beside != null) {
            err.println("note: " + model + " has no labels in its metadata; using " + beside);
            err.flush();
            return beside;
        }
        err.println("note: " + model + " has no labels in its metadata and neither "
                + Labels.namedAfter(model).getFileName() + " nor " + Labels.BESIDE_MODEL + " with " + outputs
                + " lines beside it; labels are class indices (give --labels FILE)");
        err.flush();
        return null;
    }
}
