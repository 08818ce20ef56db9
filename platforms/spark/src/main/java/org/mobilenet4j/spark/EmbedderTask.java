package org.mobilenet4j.spark;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.task.ImageEmbedder;

/** {@link ImageTask} over the library's {@link ImageEmbedder}: an image's embedding values. */
final class EmbedderTask implements ImageTask<float[]> {
    private final ImageEmbedder embedder;

    EmbedderTask(TaskSpec spec, byte[] model) {
        ImageEmbedder.Builder b = ImageEmbedder.builder().model(ModelSource.of(model, spec.modelName()))
                .centerCrop(spec.crop()).numThreads(spec.threads()).l2Normalize(spec.l2Normalize());
        if (!spec.layer().isEmpty()) {
            b.layer(spec.layer());
        }
        if (!spec.backend().isEmpty()) {
            b.backend(Backends.byName(spec.backend()));
        }
        this.embedder = b.build();
    }

    @Override
    public float[] apply(Path imageFile) {
        return embedder.embed(imageFile).values();
    }

    @Override
    public float[] apply(BufferedImage image) {
        return embedder.embed(image).values();
    }

    @Override
    public void close() {
        embedder.close();
    }
}
