package org.mobilenet4j.task;

import java.nio.file.Path;
import java.util.function.Function;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.vision.Pixels;
import org.mobilenet4j.vision.RgbImage;

/**
 * The core path without AWT, loaded by {@link AwtFreeTest} in a class loader that refuses java.awt and
 * javax.imageio: model, predictor, classifier and embedder on ARGB pixels. Argument: {model path, int[] argb,
 * width, height}; result: "top label, embedding dimension".
 */
public final class AwtFreeRun implements Function<Object[], String> {
    @Override
    public String apply(Object[] a) {
        Path model = Path.of((String) a[0]);
        RgbImage image = Pixels.argb((int[]) a[1], (Integer) a[2], (Integer) a[3]);
        String label;
        try (ImageClassifier c = ImageClassifier.builder().model(model).backend(Backends.byName("reference"))
                .maxResults(1).build()) {
            label = c.classify(image).get(0).label();
        }
        try (ImageEmbedder e = ImageEmbedder.builder().model(model).backend(Backends.byName("reference")).build()) {
            return label + ", " + e.embed(image).dimension();
        }
    }
}
