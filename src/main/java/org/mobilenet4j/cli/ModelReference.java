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

    /**
     * The --model option's value as given, refused if blank: an empty path is the working folder, which would be
     * read as a model and fail as a folder ("cannot read model : Is a directory"), not as the usage error it is.
     */
    static final class Name implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new picocli.CommandLine.TypeConversionException(
                        "an empty string names no model: give a .tflite file or a catalog name (see: fetch --list)");
            }
            return value;
        }
    }

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
