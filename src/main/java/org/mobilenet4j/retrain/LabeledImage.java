package org.mobilenet4j.retrain;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image file of a class folder.
 *
 * @param file  the file
 * @param label the class index (position of its folder among the sorted class folders)
 * @param split the set it belongs to ({@link Split#of})
 */
public record LabeledImage(Path file, int label, Split split) {
    public LabeledImage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(split, "split");
    }
}
