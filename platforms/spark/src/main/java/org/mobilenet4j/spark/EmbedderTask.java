package org.mobilenet4j.spark;

import org.mobilenet4j.task.ImageEmbedder;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;

/** {@link ImageTask} over the library's {@link ImageEmbedder}: an image's embedding values. */
final class EmbedderTask implements ImageTask<float[]> {
    private final ImageEmbedder embedder;

    EmbedderTask(TaskSpec spec, ShippedModel shipped) {
        ImageEmbedder.Builder b = ImageTask.configure(ImageEmbedder.builder(), spec, shipped)
                .l2Normalize(spec.l2Normalize());
        if (!spec.layer().isEmpty()) {
            b.layer(spec.layer());
        }
        this.embedder = b.build();
    }

    @Override
    public float[] apply(RgbImage image) {
        return embedder.embed(image).values();
    }

    @Override
    public float[] apply(Rgb8Image image) {
        return embedder.embed(image).values();
    }

    @Override
    public void close() {
        embedder.close();
    }
}
