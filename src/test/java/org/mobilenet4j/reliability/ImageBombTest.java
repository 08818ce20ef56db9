package org.mobilenet4j.reliability;

import org.mobilenet4j.vision.imageio.Images;
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
import org.mobilenet4j.task.ImageClassifier;
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
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> Images.read(rgba16, limits));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused before decoding");
        // 6300 x 6300 x (8 bytes of 16-bit RGBA + 12 of float RGB) = 794 MB
        assertTrue(e.getMessage().contains("6300x6300") && e.getMessage().contains("needs about 758 MB")
                && e.getMessage().contains("limit of 256 MB") && e.getMessage().contains("mobilenet4j.maxImageBytes"),
                e.getMessage());
        // the same pixels at 8-bit grey fit a larger budget: the bytes per pixel come from the header
        Path grey = pngBomb(tmp, 2000, 8, 0, Deflater.BEST_SPEED);
        assertEquals(2000, Images.read(grey, limits).width());
        assertThrows(InvalidImageException.class, () -> Images.read(grey, limits.withMaxBytes(40L << 20)));
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
                () -> assertThrows(InvalidImageException.class, () -> Images.read(bomb)));
        assertTrue(e.getMessage().contains("more than 100 scans") && e.getMessage().contains("mobilenet4j.maxJpegScans"),
                e.getMessage());
        // under a raised limit the same file decodes (slowly): the count, not the decoder, refused it
        Path fewer = tmp.resolve("scan-bomb-200.jpg");
        Files.write(fewer, repeatLastScan(progressive, 200));
        assertThrows(InvalidImageException.class, () -> Images.read(fewer));
        assertEquals(480, Images.read(fewer, ImageLimits.defaults().withMaxJpegScans(300)).width());
        // the work bound: 210 scans x 480 x 325 pixels = 32.8 M scan pixels
        InvalidImageException work = assertThrows(InvalidImageException.class, () -> Images.read(fewer,
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
                    () -> assertThrows(InvalidImageException.class, () -> Images.read(p)));
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

    /**
     * Random bombs: PNGs declaring random sizes, bit depths and colour types over a little zero data, the
     * progressive burger with random scan repeats and a random declared frame size, GIFs and lossless WebPs
     * declaring random sizes. Each decodes or is refused with {@link InvalidImageException}, in bounded time;
     * nothing else escapes (no OutOfMemoryError). {@code mobilenet4j.fuzz.cases} cases (default 60; the stress
     * profile runs 3000 at -Xmx256m).
     */
    @Test
    void randomBombs() throws IOException {
        int cases = Integer.getInteger("mobilenet4j.fuzz.cases", 60);
        java.util.SplittableRandom r = new java.util.SplittableRandom(14);
        byte[] progressive = progressiveBurger();
        ImageLimits limits = ImageLimits.defaults().withMaxBytes(64L << 20);
        int decoded = 0;
        long t0 = System.nanoTime();
        for (int c = 0; c < cases; c++) {
            int w = 1 + r.nextInt(r.nextBoolean() ? 16_000 : 3_000);
            int h = 1 + r.nextInt(r.nextBoolean() ? 16_000 : 3_000);
            Path f = tmp.resolve("case-" + c);
            switch (c % 4) {
                case 0 -> {
                    int[][] kinds = {{8, 0}, {16, 0}, {8, 2}, {16, 2}, {8, 4}, {16, 4}, {8, 6}, {16, 6}};
                    int[] k = kinds[r.nextInt(kinds.length)];
                    f = declaredPng(f, w, h, k[0], k[1], r.nextInt(2000));
                }
                case 1 -> {
                    byte[] j = repeatLastScan(progressive, r.nextInt(400));
                    if (r.nextBoolean()) {
                        setJpegFrameSize(j, w, h);
                    }
                    Files.write(f, j);
                }
                case 2 -> Files.write(f, gifDeclaring(w, h));
                default -> Files.write(f, vp8lDeclaring(Math.min(w, 16384), Math.min(h, 16384)));
            }
            Path file = f;
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Images.read(file, limits));
                decoded++;
            } catch (InvalidImageException e) {
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            }
            Files.delete(file);
        }
        System.out.printf("%d random bombs: %d decoded, %d refused, %.1f s%n", cases, decoded, cases - decoded,
                (System.nanoTime() - t0) / 1e9);
    }

    /** A PNG header declaring w x h, then {@code dataRows} rows of zeros (the rest missing). */
    private static Path declaredPng(Path f, int w, int h, int bitDepth, int colourType, int dataRows)
            throws IOException {
        Path small = pngBomb(f.getParent(), 1, bitDepth, colourType, Deflater.BEST_SPEED);
        byte[] b = Files.readAllBytes(small);
        Files.delete(small);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
        bb.putInt(16, w);
        bb.putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        bb.putInt(29, (int) crc.getValue());
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(extra)) {
            z.write(new byte[(int) Math.min(1L << 20, (long) dataRows * (1 + w * 8))]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, 33); // signature and IHDR
        DataOutputStream d = new DataOutputStream(out);
        chunk(d, "IDAT", extra.toByteArray());
        chunk(d, "IEND", new byte[0]);
        Files.write(f, out.toByteArray());
        return f;
    }

    /** Rewrites the frame size in the SOF marker of a JPEG. */
    private static void setJpegFrameSize(byte[] j, int w, int h) {
        for (int i = 2; i + 8 < j.length; i++) {
            int m = j[i + 1] & 0xff;
            if ((j[i] & 0xff) == 0xff && (m == 0xc0 || m == 0xc1 || m == 0xc2)) {
                j[i + 5] = (byte) (h >> 8);
                j[i + 6] = (byte) h;
                j[i + 7] = (byte) (w >> 8);
                j[i + 8] = (byte) w;
                return;
            }
        }
    }

    /** A GIF89a whose screen and first image declare w x h, with one tiny LZW block and no more. */
    private static byte[] gifDeclaring(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        le16(out, w);
        le16(out, h);
        out.writeBytes(new byte[] {(byte) 0x80, 0, 0}); // global colour table of 2 entries
        out.writeBytes(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        out.write(0x2c);
        le16(out, 0);
        le16(out, 0);
        le16(out, w);
        le16(out, h);
        out.write(0);
        out.write(2); // LZW minimum code size
        out.writeBytes(new byte[] {2, 0x44, 0x01, 0}); // clear, a pixel, end of data
        out.write(0x3b);
        return out.toByteArray();
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write(v >> 8 & 0xff);
    }

    /** A lossless WebP whose header declares w x h (at most 16384 each), with no image data. */
    private static byte[] vp8lDeclaring(int w, int h) {
        long bits = 0x2fL | (long) (w - 1) << 8 | (long) (h - 1) << 22;
        byte[] data = new byte[8];
        for (int i = 0; i < 5; i++) {
            data[i] = (byte) (bits >>> (8 * i));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) (12 + data.length), 0, 0, 0});
        out.writeBytes("WEBPVP8L".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) data.length, 0, 0, 0});
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Child JVM: decodes each file with the default limits and prints the outcome; an Error escapes. */
    public static void main(String[] args) {
        for (String a : args) {
            long t0 = System.nanoTime();
            try {
                RgbImage img = Images.read(Path.of(a));
                System.out.printf("decoded %dx%d %s in %.2f s%n", img.width(), img.height(), a, (System.nanoTime() - t0) / 1e9);
            } catch (InvalidImageException e) {
                System.out.printf("refused %s in %.2f s: %s%n", a, (System.nanoTime() - t0) / 1e9, e.getMessage());
            }
        }
    }
}
