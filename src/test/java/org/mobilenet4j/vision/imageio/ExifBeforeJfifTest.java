package org.mobilenet4j.vision.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.vision.ExifJpegs;
import org.mobilenet4j.vision.ExifJpegs.Layout;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.RgbImage;
import org.mobilenet4j.vision.jpeg.NativeJpeg;

/**
 * A JPEG whose EXIF APP1 segment comes before its JFIF APP0 (the JDK's metadata parser refuses that order,
 * "JFIF APP0 must be first marker after SOI"; libjpeg does not mind): ImageIO decodes it to the same pixels as
 * the file without the EXIF block, libjpeg-turbo (where the natives are) to the same pixels as ImageIO, exactly
 * as {@link NativeJpegTest} compares them, and the classifier's top-1 is the original file's.
 */
class ExifBeforeJfifTest {
    private static final Path MODEL = TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite");

    @TempDir
    Path dir;

    @Test
    void bothDecodersReadAnExifSegmentBeforeTheJfifOne() throws IOException {
        try (ImageClassifier c = ImageClassifier.builder().model(MODEL).maxResults(1).build()) {
            for (String name : List.of("burger.jpg", "grace_hopper.jpg")) {
                Path original = TestData.file("images/" + name);
                byte[] plain = Files.readAllBytes(original);
                byte[] reordered = ExifJpegs.tagged(plain, 1, false, Layout.BEFORE_JFIF);
                assertEquals(0xE1, reordered[3] & 0xFF, name + ": APP1 first");
                Path f = Files.write(dir.resolve(name), reordered);

                RgbImage slow = NativeJpegTest.imageIo(f);
                assertArrayEquals(NativeJpegTest.imageIo(original).pixels(), slow.pixels(),
                        name + ": ImageIO, as without EXIF");
                if (NativeJpeg.available()) {
                    assertArrayEquals(slow.pixels(), Images.readRgb8(f, ImageLimits.defaults()).toRgbImage().pixels(),
                            name + ": libjpeg-turbo as ImageIO");
                }
                String top1 = c.classify(original).get(0).label();
                assertEquals(top1, c.classify(slow).get(0).label(), name + ": ImageIO's pixels");
                assertEquals(top1, c.classify(f).get(0).label(), name + ": the file");
            }
        }
    }
}
