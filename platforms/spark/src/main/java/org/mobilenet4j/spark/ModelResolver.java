package org.mobilenet4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.mobilenet4j.catalog.ModelFetcher;
import org.mobilenet4j.model.ModelSource;

/**
 * On the driver: the {@code model} param, a .tflite path the driver can read or a catalog name (fetched into
 * the driver's model cache), as the bytes that are broadcast to the executors. Executors never read the path.
 */
final class ModelResolver {
    private static final Logger LOG = Logger.getLogger(ModelResolver.class.getName());

    private ModelResolver() {
    }

    static ModelSource resolve(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("no model: call setModel(path or catalog name)");
        }
        Path file = Path.of(model);
        if (Files.isRegularFile(file)) {
            return ModelSource.of(file);
        }
        if (model.endsWith(".tflite") || model.contains("/")) {
            throw new IllegalArgumentException("model file " + file.toAbsolutePath() + " does not exist (the driver"
                    + " reads the model and ships it to the executors)");
        }
        try {
            return ModelSource.of(ModelFetcher.withDefaults(LOG::info).fetch(model));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch catalog model '" + model + "': " + e.getMessage(), e);
        }
    }
}
