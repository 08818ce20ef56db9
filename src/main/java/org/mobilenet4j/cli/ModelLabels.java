package org.mobilenet4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mobilenet4j.task.HeadChain;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.task.Labels;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.model.Model;
import org.mobilenet4j.model.ModelSource;

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

    /**
     * The --model file and its --head (null if none), each read once, and the graph they make together; reading
     * them refuses a head that does not fit the model, naming both files and their tensors.
     */
    record Files(Path model, Model m, Path head, Model h, Graph graph) {
        /** {@code model} and {@code head} (null if none), as the sources the task is then built from hold them. */
        static Files read(Path model, ModelSource modelSource, Path head, ModelSource headSource) {
            Model m = modelSource.load();
            Model h = headSource != null ? headSource.load() : null;
            Graph g = h != null ? HeadChain.of(m.graph(), model.toString(), h.graph(), "--head " + head) : m.graph();
            return new Files(model, m, head, h, g);
        }
    }

    /** The labels file to use for a model without metadata labels, or null (the model's own labels, or none). */
    static Path besideModel(Files f, PrintWriter err) {
        // a model that is no classifier fails with that error alone, before any note about its labels
        long outputs = ImageClassifier.classCount(f.graph(), f.model().getFileName()
                + (f.head() == null ? "" : " + " + f.head().getFileName()));
        Model last = f.h() != null ? f.h() : f.m();
        if (last.info().labels() != null || f.m().info().labels() != null) {
            // the classifier uses the head's metadata labels, else the model's
            return null;
        }
        Path model = f.model();
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

    /** Throws unless --labels has one line per output of --model (+ --head), naming the file and both counts. */
    static void checkLabels(Path labels, Files f) {
        Graph g = f.graph();
        if (g.outputs().length == 1) {
            Labels.read(labels, g.outputType(0).elementCount(), "--labels " + labels);
        }
    }

    /** {@code found} (a file beside {@code model}) named from the path the user gave, not an absolute one. */
    private static Path asGiven(Path model, Path found) {
        return model.resolveSibling(found.getFileName());
    }
}
