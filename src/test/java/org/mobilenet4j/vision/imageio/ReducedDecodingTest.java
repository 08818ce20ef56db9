package org.mobilenet4j.vision.imageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.RgbImage;
import org.mobilenet4j.vision.jpeg.NativeJpeg;
import org.mobilenet4j.task.ImageClassifier;

/**
 * Reduced-size decoding (libjpeg-turbo's DCT scaling for JPEGs where the natives are there, else ImageIO source
 * subsampling) applies only to photos at least 8× the model's side,
 * keeps at least 4× of it, and lets a photo whose full decode exceeds the memory limit be classified.
 */
class ReducedDecodingTest {

    @TempDir
    Path tmp;

    /** burger.jpg scaled (bilinear) to {@code w} pixels wide, as a JPEG. */
    private Path largeBurger(int w) throws IOException {
        BufferedImage src = ImageIO.read(TestData.file("images/burger.jpg").toFile());
        int h = w * src.getHeight() / src.getWidth();
        BufferedImage big = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        Path f = tmp.resolve("burger-" + w + ".jpg");
        ImageIO.write(big, "jpeg", f.toFile());
        return f;
    }

    @Test
    void onlyPhotosManyTimesTheInputAreSubsampled() throws IOException {
        ImageLimits limits = ImageLimits.defaults();
        // 480 x 325: shorter side below 8 x 224 = 1792, decoded in full
        assertEquals(480, Images.readReduced(TestData.file("images/burger.jpg"), limits, 224).width());
        assertEquals(1, BoundedImageReader.subsampling(2600, 1791, 224));
        // 2700 x 1828: step 1828 / (4 x 224) = 2, every second pixel
        Path large = largeBurger(2700);
        RgbImage reduced = Images.readReduced(large, limits, 224);
        assertEquals(1350, reduced.width());
        assertEquals(914, reduced.height());
        RgbImage full = Images.read(large, limits);
        if (NativeJpeg.available()) {
            // libjpeg-turbo scales in the DCT (1/2): close to the mean of each 2 x 2 block of the full decode
            double diff = 0;
            for (int y = 0; y < 914; y++) {
                for (int x = 0; x < 1350; x++) {
                    for (int c = 0; c < 3; c++) {
                        float[] f = full.pixels();
                        float mean = (f[3 * (2 * y * 2700 + 2 * x) + c] + f[3 * (2 * y * 2700 + 2 * x + 1) + c]
                                + f[3 * ((2 * y + 1) * 2700 + 2 * x) + c] + f[3 * ((2 * y + 1) * 2700 + 2 * x + 1) + c]) / 4;
                        diff += Math.abs(mean - reduced.pixels()[3 * (y * 1350 + x) + c]);
                    }
                }
            }
            diff /= 1350 * 914 * 3;
            assertTrue(diff < 2, "mean |DCT-scaled - 2x2 mean| = " + diff);
        } else {
            assertEquals(full.pixels()[3 * (2 * 2700 + 2)], reduced.pixels()[3 * (1350 + 1)], "pixel (2, 2) is (1, 1)");
        }
        // a budget the full decode exceeds (2700 x 1828 x 15 bytes, about 71 MiB) and the reduced one fits
        ImageLimits tight = limits.withMaxBytes(40L << 20);
        assertThrows(InvalidImageException.class, () -> Images.read(large, tight));
        try (ImageClassifier c = ImageClassifier.builder().imageLimits(tight).reducedDecoding(true).maxResults(1)
                .model(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite")).build()) {
            assertEquals("cheeseburger", c.classify(large).get(0).label());
        }
        assertThrows(IllegalArgumentException.class, () -> Images.readReduced(large, limits, 0));
        assertTrue(BoundedImageReader.subsampling(100_000, 100_000, 1) <= 64);
    }
}
