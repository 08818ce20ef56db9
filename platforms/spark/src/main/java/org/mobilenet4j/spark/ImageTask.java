package org.mobilenet4j.spark;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * One loaded model on an executor, as a task over images: classify or embed. Implementations are thread-safe
 * (the tasks of one executor share it) and close their native memory once.
 *
 * @param <R> the result of one image
 */
interface ImageTask<R> extends AutoCloseable {

    /** The result for an image file, decoded by the library's image reader. */
    R apply(Path imageFile);

    /** The result for decoded pixels (Spark's image source). */
    R apply(BufferedImage image);

    @Override
    void close();
}
