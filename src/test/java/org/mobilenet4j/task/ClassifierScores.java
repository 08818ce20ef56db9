package org.mobilenet4j.task;

import java.nio.file.Path;
import java.util.List;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;

/** Every class score of a backbone + head classifier, by class index. */
final class ClassifierScores {
    private ClassifierScores() {
    }

    static float[] of(Path model, Path head, Path image) {
        try (ImageClassifier c = ImageClassifier.builder().model(model).head(head).maxResults(1001)
                .backend(new ReferenceBackend()).build()) {
            List<Classification> all = c.classify(image);
            float[] s = new float[all.size()];
            for (Classification k : all) {
                s[k.index()] = k.score();
            }
            return s;
        }
    }
}
