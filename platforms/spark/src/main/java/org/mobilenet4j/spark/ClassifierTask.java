package org.mobilenet4j.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;

/** {@link ImageTask} over the library's {@link ImageClassifier}: the only class here that builds one. */
final class ClassifierTask implements ImageTask<List<Classification>> {
    private final ImageClassifier classifier;

    ClassifierTask(TaskSpec spec, byte[] model) {
        // the builder takes a file: give it one for the time it reads the model
        Path file;
        try {
            file = Files.createTempFile("mobilenet4j-" + spec.sha256().substring(0, 12) + "-", ".tflite");
            try {
                Files.write(file, model);
                ImageClassifier.Builder b = ImageClassifier.builder().model(file).maxResults(spec.topK())
                        .centerCrop(spec.crop()).numThreads(spec.threads());
                if (!spec.backend().isEmpty()) {
                    b.backend(Backends.byName(spec.backend()));
                }
                this.classifier = b.build();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage model " + spec.modelName() + " for loading: " + e, e);
        }
    }

    @Override
    public List<Classification> apply(Path imageFile) {
        return classifier.classify(imageFile);
    }

    @Override
    public List<Classification> apply(BufferedImage image) {
        return classifier.classify(image);
    }

    @Override
    public void close() {
        classifier.close();
    }
}
