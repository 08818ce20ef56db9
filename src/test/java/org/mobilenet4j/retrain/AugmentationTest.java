package org.mobilenet4j.retrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.vision.RgbImage;

/** Augmented variants: reproducible per seed, within the stated ranges, and really flipped. */
class AugmentationTest {

    /** Pixel (x, y) has red = x, green = y, blue = 100: where every output pixel came from is readable. */
    private static RgbImage ramp(int w, int h) {
        float[] p = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[(y * w + x) * 3] = x;
                p[(y * w + x) * 3 + 1] = y;
                p[(y * w + x) * 3 + 2] = 100;
            }
        }
        return new RgbImage(w, h, p);
    }

    @Test
    void sameSeedSameVariantAndRangesHold() {
        RgbImage img = ramp(100, 80);
        assertArrayEquals(Augmentation.variant(img, 7).pixels(), Augmentation.variant(img, 7).pixels());
        Set<Boolean> flips = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            RgbImage v = Augmentation.variant(img, seed);
            assertTrue(v.width() >= 80 && v.width() <= 100, "side 80-100 %: " + v.width());
            assertEquals(Math.round(v.width() / 100.0 * 80), v.height(), 1, "aspect kept");
            float brightness = v.pixels()[2] / 100f;
            assertTrue(brightness >= 0.8f && brightness <= 1.2f, "brightness " + brightness);
            float leftRed = v.pixels()[0] / brightness;
            float rightRed = v.pixels()[(v.width() - 1) * 3] / brightness;
            assertEquals(v.width() - 1, Math.abs(rightRed - leftRed), 0.01, "a crop of whole columns, maybe mirrored");
            flips.add(rightRed < leftRed);
        }
        assertEquals(2, flips.size(), "both flipped and unflipped variants");
        assertFalse(java.util.Arrays.equals(Augmentation.variant(img, 1).pixels(),
                Augmentation.variant(img, 2).pixels()));
    }
}
