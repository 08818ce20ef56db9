package org.mobilenet4j.vision;

import org.mobilenet4j.vision.imageio.Images;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.task.ImageClassifier;

/**
 * Every format the README lists, generated here and decoded by {@link Images#read}: the lossless ones
 * (PNG 8 and 16 bit, grey, palette, alpha; BMP; GIF; WebP lossless, written by a minimal VP8L encoder
 * below, from the format's specification) to exactly the pixels written, and a lossy WebP made by
 * libwebp's {@code cwebp} (Debian package {@code webp}; skipped without it) to within a step of libwebp's
 * own decode ({@code dwebp}), classified as the JPEG it came from.
 */
class ImageFormatsTest {
    private static final int W = 37;
    private static final int H = 23;

    @TempDir
    Path tmp;

    /** The 8-bit RGB value written at (x, y): every channel varies, so a swapped channel shows. */
    private static int rgb(int x, int y) {
        return (x * 7 & 0xff) << 16 | (y * 11 & 0xff) << 8 | ((x + y) * 5 & 0xff);
    }

    private static int grey(int x, int y) {
        return (x * 5 + y * 3) & 0xff;
    }

    private void assertPixels(Path file, boolean greyOnly) {
        RgbImage img = Images.read(file);
        assertEquals(W, img.width(), file.toString());
        assertEquals(H, img.height(), file.toString());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int p = greyOnly ? grey(x, y) * 0x010101 : rgb(x, y);
                int i = 3 * (y * W + x);
                String at = file.getFileName() + " at " + x + "," + y;
                assertEquals(p >> 16 & 0xff, img.pixels()[i], at);
                assertEquals(p >> 8 & 0xff, img.pixels()[i + 1], at);
                assertEquals(p & 0xff, img.pixels()[i + 2], at);
            }
        }
    }

    private Path write(BufferedImage img, String format, String name) throws IOException {
        Path f = tmp.resolve(name + "." + format);
        assertTrue(ImageIO.write(img, format, f.toFile()), "no " + format + " writer for " + name);
        return f;
    }

    private static BufferedImage filled(int type) {
        BufferedImage img = new BufferedImage(W, H, type);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.setRGB(x, y, 0xff000000 | rgb(x, y));
            }
        }
        return img;
    }

    @Test
    void pngEightBitRgbAlphaAndBmp() throws IOException {
        assertPixels(write(filled(BufferedImage.TYPE_INT_RGB), "png", "rgb8"), false);
        BufferedImage argb = filled(BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                argb.setRGB(x, y, (x * 9 & 0xff) << 24 | rgb(x, y)); // alpha varies, colour kept
            }
        }
        assertPixels(write(argb, "png", "rgba8"), false);
        assertPixels(write(filled(BufferedImage.TYPE_3BYTE_BGR), "bmp", "bgr"), false);
    }

    /** 16-bit samples v * 257 (the 8-bit v widened exactly): grey and RGB, with and without alpha. */
    @Test
    void pngSixteenBit() throws IOException {
        for (int bands : new int[] {1, 3, 4}) {
            boolean alpha = bands == 4;
            ColorSpace cs = ColorSpace.getInstance(bands == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
            ComponentColorModel cm = new ComponentColorModel(cs, alpha, false,
                    alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
            WritableRaster r = cm.createCompatibleWritableRaster(W, H);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int p = rgb(x, y);
                    int[] v = bands == 1 ? new int[] {grey(x, y)} : new int[] {p >> 16 & 0xff, p >> 8 & 0xff, p & 0xff, 200};
                    for (int b = 0; b < bands; b++) {
                        r.setSample(x, y, b, v[b] * 257);
                    }
                }
            }
            assertPixels(write(new BufferedImage(cm, r, false, null), "png", "sixteen-" + bands), bands == 1);
        }
    }

    /** Grey (8 bit), and palette PNG and GIF from one 256-entry palette. */
    @Test
    void greyPaletteAndGif() throws IOException {
        BufferedImage g = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                g.getRaster().setSample(x, y, 0, grey(x, y));
            }
        }
        assertPixels(write(g, "png", "grey8"), true);
        byte[] red = new byte[W * H];
        byte[] green = new byte[W * H];
        byte[] blue = new byte[W * H];
        int n = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++, n++) {
                int p = rgb(x, y);
                red[n % 256] = (byte) (p >> 16);
                green[n % 256] = (byte) (p >> 8);
                blue[n % 256] = (byte) p;
            }
        }
        // a 256-entry palette of colours of the pattern; pixel n shows entry n % 256
        IndexColorModel palette = new IndexColorModel(8, 256, red, green, blue);
        BufferedImage indexed = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, palette);
        n = 0;
        BufferedImage expected = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++, n++) {
                indexed.getRaster().setSample(x, y, 0, n % 256);
                expected.setRGB(x, y, palette.getRGB(n % 256));
            }
        }
        for (String format : new String[] {"png", "gif"}) {
            RgbImage decoded = Images.read(write(indexed, format, "palette"));
            assertEquals(W, decoded.width(), format);
            assertTrue(java.util.Arrays.equals(Images.of(expected).pixels(), decoded.pixels()), format);
        }
    }

    /** A lossless WebP (VP8L) written from the specification: decoded to exactly its pixels. */
    @Test
    void webpLossless() throws IOException {
        Path f = tmp.resolve("lossless.webp");
        Files.write(f, Vp8l.encode());
        RgbImage img = Images.read(f);
        assertEquals(W, img.width());
        assertEquals(H, img.height());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = 3 * (y * W + x);
                assertEquals(Vp8l.red(x, y), img.pixels()[i], "red at " + x + "," + y);
                assertEquals(Vp8l.green(x, y), img.pixels()[i + 1], "green at " + x + "," + y);
                assertEquals(Vp8l.blue(x, y), img.pixels()[i + 2], "blue at " + x + "," + y);
            }
        }
    }

    private static boolean run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /**
     * burger.jpg through libwebp's lossy encoder: decoded within 1.5 steps on average of {@code dwebp -nofancy}
     * (0.73 here; TwelveMonkeys upsamples chroma without libwebp's default "fancy" filter, 2.0 against that),
     * classified as the JPEG is.
     */
    @Test
    void webpLossyFromCwebp() throws Exception {
        Path webp = tmp.resolve("burger.webp");
        Path ppm = tmp.resolve("burger.ppm");
        boolean tools;
        try {
            tools = run("cwebp", "-quiet", "-q", "90", TestData.file("images/burger.jpg").toString(), "-o", webp.toString())
                    && run("dwebp", "-quiet", "-nofancy", webp.toString(), "-ppm", "-o", ppm.toString());
        } catch (IOException e) {
            tools = false;
        }
        Assumptions.assumeTrue(tools, "cwebp/dwebp (Debian package webp) not installed");
        RgbImage ours = Images.read(webp);
        float[] ref = ppmPixels(Files.readAllBytes(ppm), ours.width(), ours.height());
        double sum = 0;
        for (int i = 0; i < ref.length; i++) {
            sum += Math.abs(ref[i] - ours.pixels()[i]);
        }
        double mean = sum / ref.length;
        System.out.printf("lossy WebP: mean |TwelveMonkeys - dwebp| = %.3f per channel%n", mean);
        assertTrue(mean < 1.5, "mean difference " + mean);
        try (ImageClassifier c = ImageClassifier.builder()
                .model(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite")).maxResults(1).build()) {
            assertEquals("cheeseburger", c.classify(webp).get(0).label());
        }
    }

    /** The samples of a binary PPM (P6, maxval 255) of the given size, checked against its header. */
    private static float[] ppmPixels(byte[] ppm, int w, int h) {
        String header = "P6\n" + w + " " + h + "\n255\n";
        assertEquals(header, new String(ppm, 0, header.length(), StandardCharsets.US_ASCII));
        float[] px = new float[w * h * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = ppm[header.length() + i] & 0xff;
        }
        return px;
    }

    /**
     * A minimal VP8L (WebP lossless) encoder: no transforms, no colour cache, every pixel a literal; each of
     * the five prefix codes is a "simple" code of one or two 8-bit symbols (the specification's section 3.7.2.1.1),
     * so each channel takes two values and a pixel costs three bits.
     */
    static final class Vp8l {
        static int green(int x, int y) {
            return (x / 3 & 1) == 0 ? 10 : 200;
        }

        static int red(int x, int y) {
            return (y / 2 & 1) == 0 ? 0 : 255;
        }

        static int blue(int x, int y) {
            return ((x + y) & 1) == 0 ? 64 : 128;
        }

        private long bits;
        private int count;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private void put(int value, int n) {
            bits |= (long) value << count;
            count += n;
            while (count >= 8) {
                out.write((int) bits & 0xff);
                bits >>>= 8;
                count -= 8;
            }
        }

        /** A simple prefix code of the 8-bit symbols a < b (code 0 for a, 1 for b). */
        private void twoSymbols(int a, int b) {
            put(1, 1); // simple code
            put(1, 1); // two symbols
            put(1, 1); // first symbol has 8 bits
            put(a, 8);
            put(b, 8);
        }

        static byte[] encode() {
            Vp8l e = new Vp8l();
            e.put(0x2f, 8); // signature
            e.put(W - 1, 14);
            e.put(H - 1, 14);
            e.put(0, 1); // alpha not used
            e.put(0, 3); // version
            e.put(0, 1); // no transform
            e.put(0, 1); // no colour cache
            e.put(0, 1); // no meta prefix codes
            e.twoSymbols(10, 200); // green
            e.twoSymbols(0, 255); // red
            e.twoSymbols(64, 128); // blue
            e.put(1, 1); // alpha: simple code, one 8-bit symbol, 255
            e.put(0, 1);
            e.put(1, 1);
            e.put(255, 8);
            e.put(1, 1); // distance: simple code, one 1-bit symbol, 0
            e.put(0, 1);
            e.put(0, 1);
            e.put(0, 1);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    e.put(green(x, y) == 10 ? 0 : 1, 1);
                    e.put(red(x, y) == 0 ? 0 : 1, 1);
                    e.put(blue(x, y) == 64 ? 0 : 1, 1);
                }
            }
            e.put(0, 7); // flush the last byte
            byte[] data = e.out.toByteArray();
            int pad = data.length & 1;
            ByteArrayOutputStream riff = new ByteArrayOutputStream();
            riff.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
            le32(riff, 4 + 8 + data.length + pad);
            riff.writeBytes("WEBPVP8L".getBytes(StandardCharsets.US_ASCII));
            le32(riff, data.length);
            riff.writeBytes(data);
            if (pad == 1) {
                riff.write(0);
            }
            return riff.toByteArray();
        }

        private static void le32(ByteArrayOutputStream out, int v) {
            for (int i = 0; i < 4; i++) {
                out.write(v >>> (8 * i) & 0xff);
            }
        }
    }
}
