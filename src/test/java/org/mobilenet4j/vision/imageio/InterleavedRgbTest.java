package org.mobilenet4j.vision.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;

/** The TYPE_3BYTE_BGR fast path gives exactly what BufferedImage.getRGB gives, and declines what it cannot do. */
class InterleavedRgbTest {

    /** The general path's values (getRGB): a whole-image sub-image shares the pixels but not the fast path. */
    private static float[] viaGetRgb(BufferedImage img) {
        BufferedImage view = img.getSubimage(0, 0, img.getWidth(), img.getHeight());
        assertNull(InterleavedRgb.of(view));
        return Images.of(view).pixels();
    }

    @Test
    void decodedPhotosMatchGetRgb() throws Exception {
        for (int i = 0; i < 20; i++) {
            BufferedImage img = ImageIO.read(TestData.file("datasets/mlts-openimages/image-" + i + ".jpeg").toFile());
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
            float[] fast = InterleavedRgb.of(img);
            assertNotNull(fast);
            assertArrayEquals(viaGetRgb(img), fast, "image-" + i);
            assertArrayEquals(viaGetRgb(img), Images.of(img).pixels());
        }
    }

    @Test
    void randomPixelsMatchAndSubImagesAndOtherTypesTakeTheGeneralPath() {
        BufferedImage img = new BufferedImage(37, 23, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom r = new SplittableRandom(3);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        assertArrayEquals(viaGetRgb(img), InterleavedRgb.of(img));
        BufferedImage sub = img.getSubimage(3, 4, 10, 9);
        assertNull(InterleavedRgb.of(sub), "a sub-image shares its parent's buffer with offsets");
        assertEquals(img.getRGB(3 + 9, 4 + 8) >> 8 & 0xff, (int) Images.of(sub).pixels()[3 * (8 * 10 + 9) + 1]);
        BufferedImage grey = new BufferedImage(5, 5, BufferedImage.TYPE_BYTE_GRAY);
        assertNull(InterleavedRgb.of(grey));
    }
}
