package org.mobilenet4j.spark;

import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.task.ImageTaskBuilder;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;

/**
 * One loaded model on an executor, as a task over decoded images: classify or embed. Implementations are
 * thread-safe (the tasks of one executor, and their look-ahead threads, share it) and close their native memory
 * once.
 *
 * @param <R> the result of one image
 */
interface ImageTask<R> extends AutoCloseable {

    R apply(RgbImage image);

    /** The same for 8-bit pixels as libjpeg-turbo decodes them (no float copy of the whole image). */
    R apply(Rgb8Image image);

    @Override
    void close();

    /** {@code b} set to run the shipped model (and head) with the spec's backend, threads and crop. */
    static <B extends ImageTaskBuilder<B>> B configure(B b, TaskSpec spec, ShippedModel shipped) {
        b.model(shipped.modelSource()).centerCrop(spec.crop()).numThreads(spec.threads());
        if (shipped.headSource() != null) {
            b.head(shipped.headSource());
        }
        if (!spec.backend().isEmpty()) {
            b.backend(Backends.byName(spec.backend()));
        }
        return b;
    }
}
