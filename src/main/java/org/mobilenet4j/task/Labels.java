package org.mobilenet4j.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mobilenet4j.batch.ErrorText;

/**
 * Label files: one label per line, line i naming output i. Coral's files prefix each line with its index
 * ("0  background"); that prefix is removed.
 */
public final class Labels {
    /** The file name of a labels list shared by the models of a folder ({@link #besideModel}). */
    public static final String BESIDE_MODEL = "labels.txt";

    private Labels() {
    }

    /**
     * The labels list named after {@code model}: {@code <stem>.labels.txt} in its folder, {@code <stem>} being the
     * file name without its last extension (flowers.tflite: flowers.labels.txt). {@code retrain} writes it; a
     * model of its own can have one beside a shared {@value #BESIDE_MODEL} without clobbering it.
     */
    public static Path namedAfter(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return model.resolveSibling(stem + ".labels.txt"); // as the model is named: relative stays relative
    }

    /**
     * For a model whose metadata has no labels: the first of {@link #namedAfter} and the {@value #BESIDE_MODEL} in
     * {@code model}'s folder (as the official TFLite archives and the AOSP benchmark set ship them) that holds one
     * label per output ({@code outputs} of them); else null.
     */
    public static Path besideModel(Path model, long outputs) {
        for (Path beside : List.of(namedAfter(model), model.toAbsolutePath().resolveSibling(BESIDE_MODEL))) {
            if (Files.isRegularFile(beside) && read(beside).size() == outputs) {
                return beside;
            }
        }
        return null;
    }

    public static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labels " + file + ": " + ErrorText.of(e), e);
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

    /**
     * The labels of {@code file}, which must hold one per output; else an {@link IllegalArgumentException}
     * naming the file as {@code name} does (e.g. "--labels short.txt has 10 lines for 1001 outputs").
     */
    public static List<String> read(Path file, long outputs, String name) {
        List<String> labels = read(file);
        if (labels.size() != outputs) {
            throw new IllegalArgumentException(name + " has " + labels.size() + (labels.size() == 1 ? " line" : " lines")
                    + " for " + outputs + " outputs");
        }
        return labels;
    }
}
