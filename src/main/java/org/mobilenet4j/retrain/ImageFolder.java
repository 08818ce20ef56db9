package org.mobilenet4j.retrain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.mobilenet4j.batch.InputPaths;

/**
 * A labelled image data set on disk: one sub-folder per class (sorted folder names are the labels), image
 * files (.jpg, .jpeg, .png, .bmp, .gif, .webp, any case) anywhere inside them (their sub-folders walked as
 * {@link InputPaths} walks a folder: depth-first, sorted, links to folders not followed), each assigned to a
 * {@link Split} by its name. Other files and hidden entries (at any depth) are ignored; whether an image
 * decodes is found when it is read (see {@link EmbeddedImages}). Immutable and thread-safe.
 */
public final class ImageFolder {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp");

    private final Path root;
    private final List<String> labels;
    private final List<LabeledImage> images;
    private final List<String> warnings;

    private ImageFolder(Path root, List<String> labels, List<LabeledImage> images, List<String> warnings) {
        this.root = root;
        this.labels = List.copyOf(labels);
        this.images = List.copyOf(images);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Scans {@code root}. {@link IllegalArgumentException} if it is not a folder or has fewer than two class
     * folders with images; warnings (class folders without image files) go to {@code log} and {@link #warnings()}.
     */
    public static ImageFolder scan(Path root, double validationPercent, double testPercent, Consumer<String> log) {
        Split.checkPercentages(validationPercent, testPercent);
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("images folder " + root + " is not a folder");
        }
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory).toList();
        List<String> labels = new ArrayList<>();
        List<LabeledImage> images = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> files = imageFiles(dir, warnings);
            if (files.isEmpty()) {
                warnings.add("class folder " + dir + " has no images: ignored");
                continue;
            }
            int label = labels.size();
            labels.add(dir.getFileName().toString());
            for (Path f : files) {
                images.add(new LabeledImage(f, label, Split.of(f.getFileName().toString(), validationPercent,
                        testPercent)));
            }
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException("images folder " + root + " needs at least two class sub-folders "
                    + "with images, found " + labels.size());
        }
        warnings.forEach(log);
        return new ImageFolder(root, labels, images, warnings);
    }

    /** The image files anywhere inside {@code classDir}, in walk order; a sub-folder that cannot be listed is warned about. */
    private static List<Path> imageFiles(Path classDir, List<String> warnings) {
        List<Path> files = new ArrayList<>();
        InputPaths walk = new InputPaths(List.of(classDir.toString()), () -> null, p -> isImageFile(classDir, p));
        walk.forEachRemaining(e -> {
            if (e.problem() == null) {
                files.add(e.path());
            } else if (!e.path().equals(classDir) || !e.problem().startsWith("no images")) {
                warnings.add("skipped " + e.path() + ": " + e.problem()); // no images at all: scan says so
            }
        });
        return files;
    }

    private static boolean isImageFile(Path classDir, Path p) {
        for (Path part : classDir.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && Files.isRegularFile(p)
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = new ArrayList<>(s.filter(p -> !p.getFileName().toString().startsWith(".")).toList());
            Collections.sort(l);
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** Class names, sorted; label i is the folder name of class i. */
    public List<String> labels() {
        return labels;
    }

    /** All images, by class, then in walk order (each folder's entries sorted by name, depth first). */
    public List<LabeledImage> images() {
        return images;
    }

    /** The images of one split. */
    public List<LabeledImage> images(Split split) {
        return images.stream().filter(i -> i.split() == split).toList();
    }

    public List<String> warnings() {
        return warnings;
    }
}
