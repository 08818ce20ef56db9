package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.task.ImageClassifier;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;
import org.mobilenet4j.vision.imageio.Images;

/**
 * {@link Images#read(byte[], String, ImageLimits)} and its {@code ByteBuffer} form: the bytes of a file decode to
 * exactly the pixels {@link Images#read(Path, ImageLimits)} gives for the file, and the hostile inputs the file
 * path refuses (declared-size bombs, JPEG scan bombs, garbage, truncation) are refused the same way, naming the
 * image by the name given; JPEG bytes decode to the same 8-bit pixels as the file and classify the same.
 */
class ImageBytesTest {

    @TempDir
    Path tmp;

    private static final ImageLimits LIMITS = ImageLimits.defaults();

    private static void assertSamePixels(Path file) throws IOException {
        RgbImage expected = Images.read(file, LIMITS);
        byte[] bytes = Files.readAllBytes(file);
        RgbImage fromArray = Images.read(bytes, file.getFileName().toString(), LIMITS);
        assertEquals(expected.width(), fromArray.width(), file.toString());
        assertEquals(expected.height(), fromArray.height(), file.toString());
        assertArrayEquals(expected.pixels(), fromArray.pixels(), file.toString());
        // a direct buffer holding the image between other bytes: its remaining bytes, position kept
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 20);
        direct.put(new byte[7]).put(bytes).put(new byte[13]);
        direct.position(7).limit(7 + bytes.length);
        assertArrayEquals(expected.pixels(), Images.read(direct, "direct", LIMITS).pixels(), file + " (direct)");
        assertEquals(7, direct.position());
        assertEquals(7 + bytes.length, direct.limit());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"images/burger.jpg", "images/sparrow.png", "images/cat.bmp", "images/grace_hopper.jpg",
        // Adobe CMYK JPEG: decoded from its four channels, not by ImageIO's read()
        "datasets/mlts-openimages/image-1343.jpeg"})
    void bytesDecodeToTheFilesPixels(String image) throws IOException {
        assertSamePixels(TestData.file(image));
    }

    @Test
    void jpegBytesDecodeTo8BitPixelsAndClassifyAsTheFile() throws IOException {
        Path file = TestData.file("images/grace_hopper.jpg");
        byte[] bytes = Files.readAllBytes(file);
        Rgb8Image fromFile = Images.readRgb8(file, LIMITS);
        Rgb8Image fromBytes = Images.readRgb8(bytes, "hopper", LIMITS);
        if (fromFile == null) { // no libjpeg-turbo on this platform: both paths say so
            assertNull(fromBytes);
            return;
        }
        assertArrayEquals(fromFile.pixels(), fromBytes.pixels());
        assertArrayEquals(Images.read(file, LIMITS).pixels(), fromBytes.toRgbImage().pixels());
        assertNull(Images.readRgb8(Files.readAllBytes(TestData.file("images/sparrow.png")), "png", LIMITS),
                "not a JPEG: left to ImageIO");
        try (ImageClassifier c = ImageClassifier.builder()
                .model(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite")).maxResults(5).build()) {
            assertEquals(c.classify(file), c.classify(fromBytes));
            assertEquals(c.classify(fromBytes.toRgbImage()), c.classify(fromBytes));
        }
    }

    @Test
    void gifGrey16BitPngAndProgressiveJpegToo() throws IOException {
        BufferedImage src = ImageIO.read(TestData.file("images/burger.jpg").toFile());
        Path gif = tmp.resolve("burger.gif");
        assertTrue(ImageIO.write(src, "gif", gif.toFile()));
        assertSamePixels(gif);
        BufferedImage grey16 = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        grey16.getGraphics().drawImage(src, 0, 0, null);
        Path png = tmp.resolve("grey16.png");
        assertTrue(ImageIO.write(grey16, "png", png.toFile()));
        assertSamePixels(png);
        Path progressive = tmp.resolve("progressive.jpg");
        Files.write(progressive, ImageBombTest.progressiveBurger());
        assertSamePixels(progressive);
    }

    @Test
    void declaredSizeBombsAreRefusedFromTheHeader() throws IOException {
        byte[] bomb = Files.readAllBytes(ImageBombTest.pngBomb(tmp, 2000, 8, 0, Deflater.BEST_SPEED));
        InvalidImageException pixels = assertThrows(InvalidImageException.class,
                () -> Images.read(bomb, "s3://bucket/bomb.png", LIMITS.withMaxPixels(1_000_000)));
        assertTrue(pixels.getMessage().contains("s3://bucket/bomb.png") && pixels.getMessage().contains("2000x2000")
                && pixels.getMessage().contains("mobilenet4j.maxImagePixels"), pixels.getMessage());
        InvalidImageException memory = assertThrows(InvalidImageException.class,
                () -> Images.read(bomb, "bomb.png", LIMITS.withMaxBytes(40L << 20)));
        assertTrue(memory.getMessage().contains("needs about") && memory.getMessage().contains("limit of 40 MB"),
                memory.getMessage());
        assertEquals(2000, Images.read(bomb, "bomb.png", LIMITS).width(), "decoded within the default limits");
    }

    @Test
    void jpegScanBombsAreRefusedBeforeDecoding() throws IOException {
        byte[] progressive = ImageBombTest.progressiveBurger();
        byte[] bomb = ImageBombTest.repeatLastScan(progressive, 5000);
        InvalidImageException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(InvalidImageException.class, () -> Images.read(bomb, "bomb.jpg", LIMITS)));
        assertTrue(e.getMessage().contains("JPEG bomb.jpg has more than 100 scans")
                && e.getMessage().contains("mobilenet4j.maxJpegScans"), e.getMessage());
        byte[] fewer = ImageBombTest.repeatLastScan(progressive, 200);
        InvalidImageException work = assertThrows(InvalidImageException.class, () -> Images.read(
                ByteBuffer.wrap(fewer), "fewer.jpg", LIMITS.withMaxJpegScans(300).withMaxJpegScanPixels(30_000_000)));
        assertTrue(work.getMessage().contains("has 210 scans of 480x325 pixels"), work.getMessage());
    }

    @Test
    void garbageEmptyAndTruncatedBytesFailCleanlyNamingTheImage() throws IOException {
        InvalidImageException text = assertThrows(InvalidImageException.class,
                () -> Images.read("not an image".getBytes(StandardCharsets.UTF_8), "notes.jpeg", LIMITS));
        assertEquals("cannot decode image notes.jpeg: not a JPEG, PNG, BMP, GIF, TIFF or WebP data", text.getMessage());
        assertThrows(InvalidImageException.class, () -> Images.read(new byte[0], "empty", LIMITS));
        assertThrows(NullPointerException.class, () -> Images.read((byte[]) null, "null", LIMITS));
        for (String image : List.of("images/burger.jpg", "images/sparrow.png", "images/cat.bmp")) {
            byte[] b = Files.readAllBytes(TestData.file(image));
            for (int cut : new int[] {1, 20, 200, b.length / 2}) {
                byte[] part = Arrays.copyOf(b, cut);
                try {
                    Images.read(part, image + "@" + cut, LIMITS); // decoded as far as it goes: fine
                } catch (InvalidImageException e) {
                    assertTrue(e.getMessage().contains(image + "@" + cut), e.getMessage());
                }
            }
        }
    }

    @Test
    void oneArrayDecodedByManyThreadsAtOnce() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestData.file("images/grace_hopper.jpg"));
        float[] expected = Images.read(jpeg, "grace_hopper.jpg", LIMITS).pixels();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> Images.read(ByteBuffer.wrap(jpeg), "grace_hopper.jpg", LIMITS).pixels()));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
