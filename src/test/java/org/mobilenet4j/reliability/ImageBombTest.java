package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.classify.ImageClassifier;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.RgbImage;

/**
 * Decompression bombs (small PNGs declaring tens of millions of pixels, 16-bit RGBA), JPEG scan bombs (a
 * progressive file whose last scan is repeated thousands of times) and files that are no regular files, all
 * generated here. Each is refused with {@link InvalidImageException} before the expensive work, or decoded;
 * in a JVM of {@code -Xmx512m} none ends in an {@code OutOfMemoryError}.
 */
class ImageBombTest {

    @TempDir
    Path tmp;

    @TempDir
    static Path shared;

    private static Path rgba16Bomb;

    /** The 6300 x 6300 16-bit RGBA bomb (about 320 KB; 2 s to deflate), made once for the class. */
    private static synchronized Path rgba16Bomb() throws IOException {
        if (rgba16Bomb == null) {
            rgba16Bomb = pngBomb(shared, 6300, 16, 6, Deflater.BEST_COMPRESSION);
        }
        return rgba16Bomb;
    }

    /** A PNG of {@code side}² pixels, all zero, at {@code bitDepth} and {@code colourType}, deflated at {@code level}. */
    static Path pngBomb(Path dir, int side, int bitDepth, int colourType, int level) throws IOException {
        int channels = switch (colourType) {
            case 0 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new IllegalArgumentException("colour type " + colourType);
        };
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(level), 1 << 16)) {
            byte[] row = new byte[1 + side * channels * bitDepth / 8];
            for (int y = 0; y < side; y++) {
                z.write(row);
            }
        }
        Path f = dir.resolve("bomb-" + side + "-" + bitDepth + "bit-type" + colourType + ".png");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(f))) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(side);
            h.writeInt(side);
            h.write(new byte[] {(byte) bitDepth, (byte) colourType, 0, 0, 0});
            chunk(out, "IHDR", ihdr.toByteArray());
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
        return f;
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    /** burger.jpg re-encoded as a progressive JPEG (the JDK writer's default scan script). */
    static byte[] progressiveBurger() throws IOException {
        BufferedImage src = ImageIO.read(TestData.file("images/burger.jpg").toFile());
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(out);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            w.write(null, new IIOImage(src, null, null), p);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    /** {@code jpeg} with its last scan (SOS segment and entropy data, up to EOI) repeated {@code times} more. */
    static byte[] repeatLastScan(byte[] jpeg, int times) {
        int sos = -1;
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xda) {
                sos = i;
            }
        }
        int eoi = jpeg.length - 2;
        assertTrue(sos > 0 && (jpeg[eoi] & 0xff) == 0xff && (jpeg[eoi + 1] & 0xff) == 0xd9);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, eoi);
        for (int i = 0; i < times; i++) {
            out.write(jpeg, sos, eoi - sos);
        }
        out.write(jpeg, eoi, 2);
        return out.toByteArray();
    }

    @Test
    void pngBombsAreRefusedFromTheHeader() throws IOException {
        Path rgba16 = rgba16Bomb();
        assertTrue(Files.size(rgba16) < 400_000, Files.size(rgba16) + " bytes");
        ImageLimits limits = ImageLimits.defaults().withMaxBytes(256L << 20);
        long t0 = System.nanoTime();
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> RgbImage.read(rgba16, limits));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused before decoding");
        // 6300 x 6300 x (8 bytes of 16-bit RGBA + 12 of float RGB) = 794 MB
        assertTrue(e.getMessage().contains("6300x6300") && e.getMessage().contains("needs about 758 MB")
                && e.getMessage().contains("limit of 256 MB") && e.getMessage().contains("mobilenet4j.maxImageBytes"),
                e.getMessage());
        // the same pixels at 8-bit grey fit a larger budget: the bytes per pixel come from the header
        Path grey = pngBomb(tmp, 2000, 8, 0, Deflater.BEST_SPEED);
        assertEquals(2000, RgbImage.read(grey, limits).width());
        assertThrows(InvalidImageException.class, () -> RgbImage.read(grey, limits.withMaxBytes(40L << 20)));
    }

    @Test
    void jpegScanBombIsRefusedAndOrdinaryProgressiveFilesDecode() throws IOException {
        byte[] progressive = progressiveBurger();
        Path ok = tmp.resolve("progressive.jpg");
        Files.write(ok, progressive);
        try (ImageClassifier c = ImageClassifier.builder()
                .model(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite")).maxResults(1).build()) {
            assertEquals("cheeseburger", c.classify(ok).get(0).label());
        }
        Path bomb = tmp.resolve("scan-bomb.jpg");
        Files.write(bomb, repeatLastScan(progressive, 5000));
        InvalidImageException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(InvalidImageException.class, () -> RgbImage.read(bomb)));
        assertTrue(e.getMessage().contains("more than 100 scans") && e.getMessage().contains("mobilenet4j.maxJpegScans"),
                e.getMessage());
        // under a raised limit the same file decodes (slowly): the count, not the decoder, refused it
        Path fewer = tmp.resolve("scan-bomb-200.jpg");
        Files.write(fewer, repeatLastScan(progressive, 200));
        assertThrows(InvalidImageException.class, () -> RgbImage.read(fewer));
        assertEquals(480, RgbImage.read(fewer, ImageLimits.defaults().withMaxJpegScans(300)).width());
        // the work bound: 210 scans x 480 x 325 pixels = 32.8 M scan pixels
        InvalidImageException work = assertThrows(InvalidImageException.class, () -> RgbImage.read(fewer,
                ImageLimits.defaults().withMaxJpegScans(300).withMaxJpegScanPixels(30_000_000)));
        assertTrue(work.getMessage().contains("has 210 scans of 480x325 pixels"), work.getMessage());
    }

    @Test
    void fifosAndDevicesAreNotRead() throws Exception {
        Path fifo = tmp.resolve("pipe.jpg");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo unavailable");
        for (Path p : List.of(fifo, Path.of("/dev/zero"), tmp)) {
            InvalidImageException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(InvalidImageException.class, () -> RgbImage.read(p)));
            assertTrue(e.getMessage().contains("is not a regular file") && e.getMessage().contains(p.toString()),
                    e.getMessage());
        }
    }

    /**
     * In a JVM of -Xmx512m with the default limits: every bomb is refused or decoded, none runs out of memory;
     * with the memory limit lifted (10 GB), the decoder's own OutOfMemoryError becomes an
     * InvalidImageException.
     */
    @Test
    void noOutOfMemoryErrorAt512Megabytes() throws Exception {
        List<String> files = new ArrayList<>();
        files.add(rgba16Bomb().toString());
        files.add(pngBomb(tmp, 4000, 8, 2, Deflater.BEST_SPEED).toString());
        Path scans = tmp.resolve("scan-bomb.jpg");
        Files.write(scans, repeatLastScan(progressiveBurger(), 3000));
        files.add(scans.toString());
        String out = child("-Dmobilenet4j.unused=0", files);
        assertTrue(out.contains("refused " + files.get(0))
                && out.contains("decoded 4000x4000") && out.contains("refused " + scans), out);
        String lifted = child("-Dmobilenet4j.maxImageBytes=10000000000", files.subList(0, 1));
        assertTrue(lifted.contains("ran out of memory while decoding"), lifted);
    }

    private String child(String property, List<String> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", property, "-cp", System.getProperty("java.class.path"), ImageBombTest.class.getName()));
        cmd.addAll(files);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] bytes;
        try (var in = p.getInputStream()) {
            bytes = in.readAllBytes();
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child finished");
        String out = new String(bytes, StandardCharsets.UTF_8);
        System.out.print(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(!out.contains("OutOfMemoryError:") || out.contains("ran out of memory"), out);
        return out;
    }

    /** Child JVM: decodes each file with the default limits and prints the outcome; an Error escapes. */
    public static void main(String[] args) {
        for (String a : args) {
            long t0 = System.nanoTime();
            try {
                RgbImage img = RgbImage.read(Path.of(a));
                System.out.printf("decoded %dx%d %s in %.2f s%n", img.width(), img.height(), a, (System.nanoTime() - t0) / 1e9);
            } catch (InvalidImageException e) {
                System.out.printf("refused %s in %.2f s: %s%n", a, (System.nanoTime() - t0) / 1e9, e.getMessage());
            }
        }
    }
}
