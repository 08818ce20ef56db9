package org.mobilenet4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;

/**
 * {@link ImageTask} over the library's {@link ImageClassifier}: the only class here that builds one. Labels shipped
 * by the driver replace the model's (the count was checked against the model's outputs there).
 */
final class ClassifierTask implements ImageTask<List<Classification>> {
    private final ImageClassifier classifier;
    private final List<String> labels;

    ClassifierTask(TaskSpec spec, ShippedModel shipped) {
        this.classifier = ImageTask.configure(ImageClassifier.builder(), spec, shipped).maxResults(spec.topK()).build();
        this.labels = shipped.labelList();
    }

    @Override
    public List<Classification> apply(RgbImage image) {
        return relabel(classifier.classify(image));
    }

    @Override
    public List<Classification> apply(Rgb8Image image) {
        return relabel(classifier.classify(image));
    }

    private List<Classification> relabel(List<Classification> top) {
        if (labels == null) {
            return top;
        }
        List<Classification> relabelled = new ArrayList<>(top.size());
        for (Classification c : top) {
            relabelled.add(new Classification(c.index(), labels.get(c.index()), c.score()));
        }
        return relabelled;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
