package org.mobilenet4j.classify;

import java.nio.file.Path;
import java.util.Objects;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.Region;

/** Validated, immutable options of an {@link ImageClassifier}; made by {@link ImageClassifier.Builder}. */
public record ClassifierOptions(Path model, Path head, Path labels, int maxResults, float scoreThreshold,
                                double cropFraction, Region region, float[] mean, float[] std, Backend backend,
                                int numThreads, boolean dequantize, ImageLimits imageLimits,
                                boolean reducedDecoding) {

    public ClassifierOptions {
        Objects.requireNonNull(model, "model");
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be at least 1, got " + maxResults);
        }
        if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) {
            throw new IllegalArgumentException("scoreThreshold must be in [0, 1], got " + scoreThreshold);
        }
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new IllegalArgumentException("cropFraction must be in (0, 1], got " + cropFraction);
        }
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("give both mean and std, or neither");
        }
        if (numThreads < 1) {
            throw new IllegalArgumentException("numThreads must be at least 1, got " + numThreads);
        }
        backend = backend == null ? Backends.best() : backend;
        imageLimits = imageLimits == null ? ImageLimits.defaults() : imageLimits;
    }
}
