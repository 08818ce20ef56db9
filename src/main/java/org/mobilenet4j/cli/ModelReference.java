package org.mobilenet4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mobilenet4j.catalog.CatalogEntry;
import org.mobilenet4j.catalog.ModelFetcher;

/**
 * What {@code --model} names: a file, or a catalog model (downloaded, verified and cached on first use),
 * with the catalog's head and labels when it lists them.
 */
record ModelReference(Path model, Path head, Path labels) {

    static ModelReference resolve(String model) {
        Path file = Path.of(model);
        if (Files.exists(file) || model.contains("/") || model.endsWith(".tflite")) {
            return new ModelReference(file, null, null);
        }
        ModelFetcher fetcher = ModelFetcher.withDefaults(message -> System.err.println(message));
        CatalogEntry entry = fetcher.catalog().find(model).orElseThrow(() -> new IllegalArgumentException(
                "no file and no catalog model named '" + model + "' (see: fetch --list)"));
        try {
            return new ModelReference(fetcher.fetch(entry.name()),
                    entry.head() != null ? fetcher.fetch(entry.head()) : null,
                    entry.labels() != null ? fetcher.fetch(entry.labels()) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + model + ": " + org.mobilenet4j.batch.ErrorText.of(e), e);
        }
    }
}
