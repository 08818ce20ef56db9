package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.vision.imageio.Images;
import org.mobilenet4j.TestData;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.RgbImage;

/** Unusual and hostile images: classified correctly, or refused with a clear exception before allocation. */
class ImageInputTest {

    @TempDir
    Path tmp;

    private static ImageClassifier classifier() {
        return ImageClassifier.builder()
                .model(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite")).maxResults(1).build();
    }

    /** Re-encodes burger.jpg in another pixel format and checks the label survives. */
    private void sameLabel(int type, String format) throws IOException {
        BufferedImage src = ImageIO.read(TestData.file("images/burger.jpg").toFile());
        BufferedImage converted = new BufferedImage(src.getWidth(), src.getHeight(), type);
        converted.getGraphics().drawImage(src, 0, 0, null);
        Path f = tmp.resolve("burger-" + type + "." + format);
        assertTrue(ImageIO.write(converted, format, f.toFile()), "no " + format + " writer for type " + type);
        try (ImageClassifier c = classifier()) {
            Classification top = c.classify(f).get(0);
            if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
                assertTrue(top.score() > 0, "grayscale classified: " + top);
            } else {
                assertEquals("cheeseburger", top.label(), format + " type " + type);
            }
        }
    }

    @Test
    void alphaGrayAnd16BitPngs() throws IOException {
        sameLabel(BufferedImage.TYPE_INT_ARGB, "png");
        sameLabel(BufferedImage.TYPE_BYTE_GRAY, "png");
        sameLabel(BufferedImage.TYPE_USHORT_GRAY, "png");
        sameLabel(BufferedImage.TYPE_3BYTE_BGR, "bmp");
    }

    @Test
    void onePixelImage() throws IOException {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0x336699);
        Path f = tmp.resolve("one.png");
        ImageIO.write(one, "png", f.toFile());
        try (ImageClassifier c = classifier()) {
            assertEquals(1, c.classify(f).size());
        }
    }

    /** A PNG whose header declares width x height (IHDR rewritten with a correct CRC), with no pixel data. */
    private Path pngDeclaring(int width, int height) throws IOException {
        BufferedImage small = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        Path f = tmp.resolve("declared-" + width + "x" + height + ".png");
        ImageIO.write(small, "png", f.toFile());
        byte[] b = Files.readAllBytes(f);
        ByteBuffer bb = ByteBuffer.wrap(b);
        bb.putInt(16, width);
        bb.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        bb.putInt(29, (int) crc.getValue());
        Files.write(f, b);
        return f;
    }

    @Test
    void hugeDeclaredSizeIsRefusedBeforeDecoding() throws IOException {
        Path f = pngDeclaring(100_000, 100_000);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> Images.read(f));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
        assertTrue(e.getMessage().contains("mobilenet4j.maxImagePixels"), e.getMessage());
        assertThrows(InvalidImageException.class, () -> Images.read(tmp.resolve("x.png"), 10));
    }

    @Test
    void zeroSizeAndGarbage() throws IOException {
        assertThrows(InvalidImageException.class, () -> Images.read(pngDeclaring(0, 5)));
        Path empty = tmp.resolve("empty.jpg");
        Files.write(empty, new byte[0]);
        assertEquals("cannot decode image " + empty + ": empty file",
                assertThrows(InvalidImageException.class, () -> Images.read(empty)).getMessage());
        byte[] bmp = Files.readAllBytes(TestData.file("images/cat.bmp"));
        Path cut = tmp.resolve("cut.bmp");
        Files.write(cut, java.util.Arrays.copyOf(bmp, 100));
        assertThrows(InvalidImageException.class, () -> Images.read(cut));
    }

    /** Truncated files and files with a run of their bytes overwritten: decoded as far as they go, or refused. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"burger.jpg", "sparrow.png", "cat.bmp"})
    void truncatedAndCorruptFilesClassifyOrFailCleanly(String image) throws IOException {
        byte[] original = Files.readAllBytes(TestData.file("images/" + image));
        java.util.SplittableRandom r = new java.util.SplittableRandom(image.hashCode());
        int classified = 0;
        try (ImageClassifier classifier = classifier()) {
            for (int c = 0; c < 40; c++) {
                byte[] b = original.clone();
                if (c % 2 == 0) {
                    b = java.util.Arrays.copyOf(b, 1 + r.nextInt(b.length - 1));
                } else {
                    int at = r.nextInt(b.length - 64);
                    for (int i = 0; i < 1 + r.nextInt(64); i++) {
                        b[at + i] = (byte) r.nextInt(256);
                    }
                }
                Path f = tmp.resolve(c + "-" + image);
                Files.write(f, b);
                try {
                    classifier.classify(f);
                    classified++;
                } catch (InvalidImageException e) {
                    assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
                }
            }
        }
        System.out.println(image + ": 40 damaged copies, " + classified + " decoded and classified, the rest refused");
    }

    /**
     * A four-channel (plain CMYK) JPEG of the burger is classified as the RGB file is (ImageIO's own decoding
     * made it "nematode"); the dataset's Adobe CMYK JPEG (image-1343, labelled teapot: a white jug photographed
     * on white) decodes with a white background and has teapot among its top-5.
     */
    @Test
    void cmykJpegsKeepTheirColours() throws IOException {
        BufferedImage rgb = ImageIO.read(TestData.file("images/burger.jpg").toFile());
        java.awt.image.WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, rgb.getWidth(), rgb.getHeight(), 4, null);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int p = rgb.getRGB(x, y);
                cmyk.setPixel(x, y, new int[] {255 - (p >> 16 & 255), 255 - (p >> 8 & 255), 255 - (p & 255), 0});
            }
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        Path f = tmp.resolve("cmyk.jpg");
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            writer.setOutput(out);
            writer.write(new javax.imageio.IIOImage(cmyk, null, null));
        } finally {
            writer.dispose();
        }
        try (ImageClassifier classifier = classifier()) {
            assertEquals("cheeseburger", classifier.classify(f).get(0).label());
            Path adobe = TestData.file("datasets/mlts-openimages/image-1343.jpeg");
            RgbImage decoded = Images.read(adobe);
            for (int channel = 0; channel < 3; channel++) {
                assertTrue(decoded.pixels()[channel] > 240, "top-left corner is white: " + decoded.pixels()[channel]);
            }
        }
        try (ImageClassifier top5 = ImageClassifier.builder()
                .model(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite")).maxResults(5).build()) {
            assertTrue(top5.classify(TestData.file("datasets/mlts-openimages/image-1343.jpeg")).stream()
                    .anyMatch(c -> c.label().equals("teapot")));
        }
    }
}
