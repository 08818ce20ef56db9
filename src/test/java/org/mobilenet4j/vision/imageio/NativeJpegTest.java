package org.mobilenet4j.vision.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;
import org.mobilenet4j.vision.jpeg.NativeJpeg;

/**
 * libjpeg-turbo against the JDK's ImageIO decoder (the independent truth: IJG 6b's code in the JDK): the same
 * pixels, byte for byte, on dataset photos (a sample in the default run, all 1490 under -Pfull), grey and
 * progressive JPEGs; damaged files end in {@link InvalidImageException}, never a crash; limits hold; with the
 * decoder turned off, ImageIO decodes everything.
 */
class NativeJpegTest {
    private static final String SWITCH = "mobilenet4j.nativeJpeg";

    /**
     * Not a JUnit {@code @TempDir}: the 32-bit ARM JRE under qemu-user cannot list folders here ("Value too large
     * for defined data type"), so the files written are deleted one by one, by name.
     */
    private Path tmp;
    private final List<Path> written = new ArrayList<>();

    private Path temp(String name) {
        Path f = tmp.resolve(name);
        written.add(f);
        return f;
    }

    @BeforeEach
    void needsNatives() {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) { // CI builds the natives of every platform it tests
            assertTrue(NativeJpeg.available(), NativeJpeg.unavailableReason());
        }
        Assumptions.assumeTrue(NativeJpeg.available(), "no native JPEG decoder here: " + NativeJpeg.unavailableReason());
    }

    @BeforeEach
    void makeTemp() throws IOException {
        tmp = Files.createTempDirectory("native-jpeg-test");
    }

    @AfterEach
    void cleanUp() throws IOException {
        System.clearProperty(SWITCH);
        for (Path f : written) {
            Files.deleteIfExists(f);
        }
        Files.deleteIfExists(tmp);
    }

    /** ImageIO's decode of {@code f}: the path every JPEG took before libjpeg-turbo. */
    static RgbImage imageIo(Path f) {
        System.setProperty(SWITCH, "false");
        try {
            return Images.read(f);
        } finally {
            System.clearProperty(SWITCH);
        }
    }

    @Test
    void datasetPhotosDecodeToTheSamePixelsAsImageIo() throws IOException {
        List<Path> files = new ArrayList<>(); // by name, not listed (see tmp)
        for (int i = 0; i < 1490; i++) {
            files.add(TestData.file("datasets/mlts-openimages/image-" + i + ".jpeg"));
        }
        int step = TestData.full() ? 1 : 25;
        int compared = 0;
        int imageIoOnly = 0;
        for (int i = 0; i < files.size(); i += step) {
            Path f = files.get(i);
            Rgb8Image fast = Images.readRgb8(f, ImageLimits.defaults());
            RgbImage slow = imageIo(f);
            if (fast == null) { // four channels: ImageIO's raster and our CMYK conversion
                imageIoOnly++;
                assertArrayEquals(slow.pixels(), Images.read(f).pixels(), f.toString());
                continue;
            }
            assertEquals(slow.width(), fast.width(), f.toString());
            assertEquals(slow.height(), fast.height(), f.toString());
            assertArrayEquals(slow.pixels(), fast.toRgbImage().pixels(), f + ": pixels differ from ImageIO's");
            compared++;
        }
        System.out.println("native JPEG == ImageIO on " + compared + " dataset images (" + imageIoOnly
                + " four-channel, left to ImageIO)");
        assertTrue(compared >= files.size() / step - 1);
    }

    private Path write(BufferedImage img, boolean progressive, String name) throws IOException {
        Path f = temp(name);
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        if (progressive) {
            p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return f;
    }

    private static BufferedImage photo(int type) throws IOException {
        BufferedImage src = ImageIO.read(TestData.file("images/burger.jpg").toFile());
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        out.getGraphics().drawImage(src, 0, 0, null);
        return out;
    }

    @Test
    void greyAndProgressiveJpegsDecodeToTheSamePixelsAsImageIo() throws IOException {
        Path grey = write(photo(BufferedImage.TYPE_BYTE_GRAY), false, "grey.jpg");
        Path progressive = write(photo(BufferedImage.TYPE_3BYTE_BGR), true, "progressive.jpg");
        Path greyProgressive = write(photo(BufferedImage.TYPE_BYTE_GRAY), true, "grey-progressive.jpg");
        for (Path f : List.of(grey, progressive, greyProgressive, TestData.file("images/burger.jpg"))) {
            Rgb8Image fast = Images.readRgb8(f, ImageLimits.defaults());
            assertNotNull(fast, f.toString());
            assertArrayEquals(imageIo(f).pixels(), fast.toRgbImage().pixels(), f.toString());
        }
        // the scan limits hold on the native path too
        assertTrue(NativeJpeg.header(direct(Files.readAllBytes(progressive)), "p").progressive());
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> Images.readRgb8(progressive, ImageLimits.defaults().withMaxJpegScans(2)));
        assertTrue(e.getMessage().contains("mobilenet4j.maxJpegScans") && e.getMessage().contains("progressive.jpg"),
                e.getMessage());
        e = assertThrows(InvalidImageException.class,
                () -> Images.readRgb8(progressive, ImageLimits.defaults().withMaxJpegScanPixels(480 * 325 * 3)));
        assertTrue(e.getMessage().contains("mobilenet4j.maxJpegScanPixels"), e.getMessage());
        // libjpeg's own check as it reads the scans (the second line behind the marker walk above)
        ByteBuffer data = direct(Files.readAllBytes(progressive));
        ByteBuffer out = ByteBuffer.allocateDirect(480 * 325 * 3);
        e = assertThrows(InvalidImageException.class,
                () -> NativeJpeg.decodeRgb(data, "p", 1, ImageLimits.defaults().withMaxJpegScans(2), out));
        assertTrue(e.getMessage().contains("more than 2 scans") && e.getMessage().contains("mobilenet4j.maxJpegScans"),
                e.getMessage());
        e = assertThrows(InvalidImageException.class, () -> NativeJpeg.decodeRgb(data, "p", 1,
                ImageLimits.defaults().withMaxJpegScanPixels(480 * 325 * 3), out));
        assertTrue(e.getMessage().contains("mobilenet4j.maxJpegScanPixels"), e.getMessage());
        assertEquals(480, NativeJpeg.decodeRgb(data, "p", 1, ImageLimits.defaults(), out)[0]);
    }

    private static ByteBuffer direct(byte[] b) {
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    /** The offset just after the first start-of-scan segment's header: where the entropy-coded data begins. */
    private static int entropyStart(byte[] b) {
        for (int i = 2; i + 3 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xDA) {
                return i + 2 + (((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff));
            }
        }
        throw new AssertionError("no SOS");
    }

    @Test
    void truncatedFilesAreRefusedNotPaddedAndNeverCrash() throws IOException {
        byte[] original = Files.readAllBytes(TestData.file("images/burger.jpg"));
        int data = entropyStart(original);
        SplittableRandom r = new SplittableRandom(7);
        for (int c = 0; c < 60; c++) {
            // a third inside the headers, the rest inside the compressed data
            int cut = c % 3 == 0 ? 3 + r.nextInt(data - 3) : data + r.nextInt(original.length - 2 - data);
            Path f = temp("cut-" + cut + ".jpg");
            Files.write(f, Arrays.copyOf(original, cut));
            InvalidImageException e = assertThrows(InvalidImageException.class,
                    () -> Images.readRgb8(f, ImageLimits.defaults()), "cut at " + cut);
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> NativeJpeg.header(direct(Arrays.copyOf(original, data - 5)), "cut"));
        assertTrue(e.getMessage().startsWith("cannot decode image cut: "), e.getMessage());
    }

    @Test
    void corruptFilesDecodeOrFailCleanly() throws IOException {
        List<Path> sources = new ArrayList<>(List.of(TestData.file("images/burger.jpg"),
                TestData.file("datasets/mlts-openimages/image-1.jpeg")));
        SplittableRandom r = new SplittableRandom(11);
        int decoded = 0;
        int refused = 0;
        for (Path src : sources) {
            byte[] original = Files.readAllBytes(src);
            for (int c = 0; c < 100; c++) {
                byte[] b = original.clone();
                int at = 2 + r.nextInt(b.length - 66);
                int n = 1 + r.nextInt(c % 2 == 0 ? 4 : 64);
                for (int i = 0; i < n; i++) {
                    b[at + i] = (byte) r.nextInt(256);
                }
                Path f = temp("corrupt-" + c + ".jpg");
                Files.write(f, b);
                try {
                    Rgb8Image img = Images.readRgb8(f, ImageLimits.defaults());
                    if (img != null) {
                        decoded++;
                    }
                } catch (InvalidImageException e) {
                    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
                    refused++;
                }
            }
        }
        System.out.println("corrupt JPEGs through libjpeg-turbo: " + decoded + " decoded, " + refused + " refused");
        assertTrue(refused > 0 && decoded > 0, decoded + " decoded, " + refused + " refused");
    }

    @Test
    void aHugeDeclaredSizeIsRefusedFromTheHeader() throws IOException {
        byte[] b = Files.readAllBytes(TestData.file("images/burger.jpg"));
        for (int i = 2; i + 9 < b.length; i++) { // SOF0: FF C0, length, precision, height, width
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xC0) {
                b[i + 5] = (byte) 0xEA; // 60000, below libjpeg's own 65500 maximum
                b[i + 6] = (byte) 0x60;
                b[i + 7] = (byte) 0xEA;
                b[i + 8] = (byte) 0x60;
                break;
            }
        }
        Path f = temp("huge.jpg");
        Files.write(f, b);
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> Images.readRgb8(f, ImageLimits.defaults()));
        assertTrue(e.getMessage().contains("60000x60000") && e.getMessage().contains("mobilenet4j.maxImagePixels"),
                e.getMessage());
        e = assertThrows(InvalidImageException.class,
                () -> Images.readRgb8(TestData.file("images/burger.jpg"), ImageLimits.defaults().withMaxBytes(1 << 20)));
        assertTrue(e.getMessage().contains("mobilenet4j.maxImageBytes"), e.getMessage());
    }

    @Test
    void otherFormatsAndTheSwitchFallBackToImageIo() throws IOException {
        assertNull(Images.readRgb8(TestData.file("images/cat.bmp"), ImageLimits.defaults()));
        Path burger = TestData.file("images/burger.jpg");
        assertNotNull(Images.readRgb8(burger, ImageLimits.defaults()));
        System.setProperty(SWITCH, "false");
        assertTrue(!NativeJpeg.available() && NativeJpeg.unavailableReason().contains(SWITCH));
        assertNull(Images.readRgb8(burger, ImageLimits.defaults()));
        assertEquals(480, Images.read(burger).width());
        // a JPEG that ImageIO then reads gives the same refusal for a truncated file as before this decoder
        Path cut = temp("cut.jpg");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(burger), 100));
        assertThrows(InvalidImageException.class, () -> Images.read(cut));
    }
}
