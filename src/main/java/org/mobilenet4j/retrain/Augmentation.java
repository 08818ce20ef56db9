package org.mobilenet4j.retrain;

import java.util.SplittableRandom;
import org.mobilenet4j.vision.Region;
import org.mobilenet4j.vision.RgbImage;

/**
 * Random variants of a training image, as retrain.py's distortions: a horizontal flip half of the time, a
 * random crop keeping 64-100 % of the area (then resized by the model's pre-processing: random scale), and
 * a brightness factor in [0.8, 1.2]. Seeded per image and copy, so a run is reproducible. Stateless.
 */
final class Augmentation {
    private Augmentation() {
    }

    static RgbImage variant(RgbImage img, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double side = 0.8 + 0.2 * r.nextDouble();
        int w = Math.max(1, (int) Math.round(img.width() * side));
        int h = Math.max(1, (int) Math.round(img.height() * side));
        int x = r.nextInt(img.width() - w + 1);
        int y = r.nextInt(img.height() - h + 1);
        RgbImage c = img.crop(new Region(x, y, w, h));
        boolean flip = r.nextBoolean();
        float brightness = (float) (0.8 + 0.4 * r.nextDouble());
        float[] src = c.pixels();
        float[] out = new float[src.length];
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int from = (row * w + (flip ? w - 1 - col : col)) * 3;
                int to = (row * w + col) * 3;
                for (int k = 0; k < 3; k++) {
                    out[to + k] = Math.min(255f, src[from + k] * brightness);
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
