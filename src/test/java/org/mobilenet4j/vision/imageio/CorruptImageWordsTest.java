package org.mobilenet4j.vision.imageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;

/**
 * A PNG, BMP or GIF that ImageIO's reader stops on (truncated, or a bad chunk) is said to be a corrupt or truncated
 * file of its format, the reader's words kept as the detail; they had come through raw: "Error skipping PNG
 * metadata" for a PNG cut short, "eof" for a BMP.
 */
class CorruptImageWordsTest {

    private static byte[] encoded(String format) throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, x * 4 << 16 | y * 5 << 8 | (x ^ y));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"png, 40, PNG, Error skipping PNG metadata: eof", "bmp, 100, BMP, eof"})
    void aTruncatedFileIsCalledCorruptOrTruncatedWithTheReadersDetail(String format, int keep, String name,
                                                                      String detail) throws Exception {
        byte[] cut = Arrays.copyOf(encoded(format), keep);
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> Images.read(cut, "cut." + format, ImageLimits.defaults()));
        assertEquals("cannot decode image cut." + format + ": corrupt or truncated " + name + " data (" + detail + ")",
                e.getMessage());
    }
}
