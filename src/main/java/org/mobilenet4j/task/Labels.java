package org.mobilenet4j.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Label files: one label per line, line i naming output i. Coral's files prefix each line with its index
 * ("0  background"); that prefix is removed.
 */
public final class Labels {
    private Labels() {
    }

    public static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labels " + file + ": " + e.getMessage(), e);
        }
        List<String> labels = new ArrayList<>();
        for (String line : lines) {
            labels.add(line.strip().replaceFirst("^\\d+\\s+", ""));
        }
        while (!labels.isEmpty() && labels.get(labels.size() - 1).isEmpty()) {
            labels.remove(labels.size() - 1);
        }
        return labels;
    }
}
