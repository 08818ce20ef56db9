package org.mobilenet4j.vision.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.vision.ExifJpegs;
import org.mobilenet4j.vision.ExifJpegs.Layout;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.Orientation;
import org.mobilenet4j.vision.Rgb8Image;
import org.mobilenet4j.vision.RgbImage;
import org.mobilenet4j.vision.jpeg.ExifOrientation;
import org.mobilenet4j.vision.jpeg.NativeJpeg;

/**
 * EXIF orientation on both decoding paths (libjpeg-turbo and ImageIO), from files and bytes: a real JPEG tagged
 * at test time with each orientation in both byte orders decodes to exactly the untagged pixels moved as the
 * tag says (the truth: {@link ExifJpegs#upright}, a mirror and quarter turns); damaged EXIF blocks decode as
 * untagged, without an error; turned off, the stored pixels come back.
 */
class ExifOrientationTest {
    private static final String SWITCH = "mobilenet4j.nativeJpeg";
    private static final ImageLimits LIMITS = ImageLimits.defaults();

    @TempDir
    Path dir;

    @AfterEach
    void nativeBackOn() {
        System.clearProperty(SWITCH);
    }

    /** A decoding path: the bytes (and the same bytes in a file) to pixels. */
    private enum Decoder {
        NATIVE, IMAGEIO;

        RgbImage read(byte[] jpeg, Path file, boolean fromFile, boolean orient) throws IOException {
            return read(jpeg, file, fromFile, orient, LIMITS);
        }

        RgbImage read(byte[] jpeg, Path file, boolean fromFile, boolean orient, ImageLimits limits)
                throws IOException {
            if (this == NATIVE) {
                Assumptions.assumeTrue(NativeJpeg.available(), "no native JPEG decoder: " + NativeJpeg.unavailableReason());
                System.clearProperty(SWITCH);
            } else {
                System.setProperty(SWITCH, "false");
            }
            try {
                if (fromFile) {
                    Files.write(file, jpeg);
                    return Images.read(file, limits, 0, orient);
                }
                return Images.read(ByteBuffer.wrap(jpeg), "tagged", limits, orient);
            } finally {
                System.clearProperty(SWITCH);
            }
        }
    }

    private static byte[] image(String name) throws IOException {
        return Files.readAllBytes(TestData.file("images/" + name));
    }

    private static void assertSamePixels(RgbImage expected, RgbImage actual, String what) {
        assertEquals(expected.width(), actual.width(), what + ": width");
        assertEquals(expected.height(), actual.height(), what + ": height");
        assertArrayEquals(expected.pixels(), actual.pixels(), what + ": pixels");
    }

    @Test
    void eachOrientationInBothByteOrdersMovesTheUntaggedPixelsOnBothPaths() throws IOException {
        for (String name : List.of("burger.jpg", "cats_and_dogs.jpg")) { // baseline 480x325, progressive
            byte[] plain = image(name);
            for (Decoder d : Decoder.values()) {
                RgbImage untagged = d.read(plain, dir.resolve("plain.jpg"), false, true);
                for (int o = 1; o <= 8; o++) {
                    RgbImage expected = ExifJpegs.upright(untagged, o);
                    for (boolean little : new boolean[] {false, true}) {
                        for (Layout layout : List.of(Layout.CAMERA, Layout.AFTER_JFIF)) {
                            byte[] tagged = ExifJpegs.tagged(plain, o, little, layout);
                            String what = name + " " + d + " orientation " + o + (little ? " II " : " MM ") + layout;
                            assertSamePixels(expected, d.read(tagged, dir.resolve("t.jpg"), false, true), what);
                            assertSamePixels(expected, d.read(tagged, dir.resolve("t.jpg"), true, true), what + " file");
                            assertSamePixels(untagged, d.read(tagged, dir.resolve("t.jpg"), true, false),
                                    what + " with orientation off");
                        }
                    }
                }
            }
        }
    }

    @Test
    void nativeTakesTheTagBeforeTheJfifSegmentAndTheByteForms() throws IOException {
        Assumptions.assumeTrue(NativeJpeg.available(), "no native JPEG decoder: " + NativeJpeg.unavailableReason());
        byte[] plain = image("burger.jpg");
        RgbImage untagged = Images.read(ByteBuffer.wrap(plain), "plain", LIMITS);
        Path file = dir.resolve("t.jpg");
        for (int o = 1; o <= 8; o++) {
            byte[] tagged = ExifJpegs.tagged(plain, o, o % 2 == 0, Layout.BEFORE_JFIF);
            RgbImage expected = ExifJpegs.upright(untagged, o);
            Files.write(file, tagged);
            Rgb8Image fromFile = Images.readRgb8(file, LIMITS);
            Rgb8Image fromBytes = Images.readRgb8(tagged, "tagged", LIMITS);
            assertSamePixels(expected, fromFile.toRgbImage(), "orientation " + o + " file");
            assertSamePixels(expected, fromBytes.toRgbImage(), "orientation " + o + " bytes");
            assertSamePixels(untagged, Images.readRgb8(file, LIMITS, 0, false).toRgbImage(), "off, " + o);
        }
    }

    @Test
    void theLimitsHoldForTurnedImages() throws IOException {
        byte[] tagged = ExifJpegs.tagged(image("burger.jpg"), 6, false, Layout.AFTER_JFIF);
        for (Decoder d : Decoder.values()) {
            for (boolean fromFile : new boolean[] {false, true}) {
                InvalidImageException e = assertThrows(InvalidImageException.class, () -> d.read(tagged,
                        dir.resolve("t.jpg"), fromFile, true, LIMITS.withMaxPixels(480 * 325 - 1)));
                assertTrue(e.getMessage().contains("declares 480x325 pixels"), d + ": " + e.getMessage());
                assertEquals(325, d.read(tagged, dir.resolve("t.jpg"), fromFile, true).width(), d.toString());
            }
        }
    }

    /** TIFF structures damaged one way each: none may be trusted. */
    private static List<byte[]> damagedTiffs() {
        List<byte[]> out = new ArrayList<>();
        for (boolean little : new boolean[] {false, true}) {
            byte[] good = ExifJpegs.tiff(3, little);
            for (int cut = 0; cut < ExifJpegs.ENTRIES_END; cut++) { // truncated before the last IFD0 entry ends
                out.add(Arrays.copyOf(good, cut));
            }
            for (String mark : List.of("IM", "MI", "ii", "mm", "\0\0", little ? "MM" : "II")) {
                byte[] t = good.clone();
                t[0] = (byte) mark.charAt(0);
                t[1] = (byte) mark.charAt(1);
                out.add(t);
            }
            ByteOrder order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            Function<byte[], ByteBuffer> view = t -> ByteBuffer.wrap(t).order(order);
            for (long ifd : new long[] {0, 4, 7, good.length - 1, good.length, 0x7FFFFFFFL, 0xFFFFFFF0L, 0xFFFFFFFFL}) {
                byte[] t = good.clone();
                view.apply(t).putInt(ExifJpegs.IFD_OFFSET, (int) ifd); // offsets pointing outside
                out.add(t);
            }
            for (int count : new int[] {3, 0x7FFF, 0xFFFF}) { // more entries than the segment holds
                byte[] t = good.clone();
                view.apply(t).putShort(ExifJpegs.ENTRY_COUNT, (short) count);
                out.add(t);
            }
            int entry = ExifJpegs.ORIENTATION_ENTRY;
            for (long count : new long[] {0, 2, 0x7FFFFFFFL, 0xFFFFFFFFL}) { // the tag's value count
                byte[] t = good.clone();
                view.apply(t).putInt(entry + 4, (int) count);
                out.add(t);
            }
            for (int type : new int[] {1, 4, 9, 0xFFFF}) { // BYTE, LONG, SLONG, junk instead of SHORT
                byte[] t = good.clone();
                view.apply(t).putShort(entry + 2, (short) type);
                out.add(t);
            }
            for (int value : new int[] {0, 9, 0x0300, 0xFFFF}) {
                out.add(ExifJpegs.tiff(value, little));
            }
            byte[] magic = good.clone();
            view.apply(magic).putShort(2, (short) 43);
            out.add(magic);
        }
        return out;
    }

    @Test
    void damagedExifDecodesAsUntaggedWithoutAnError() throws IOException {
        byte[] plain = image("burger.jpg");
        List<byte[]> damaged = damagedTiffs();
        for (Decoder d : Decoder.values()) {
            RgbImage untagged = d.read(plain, dir.resolve("plain.jpg"), false, true);
            for (int i = 0; i < damaged.size(); i++) {
                byte[] jpeg = ExifJpegs.with(plain, ExifJpegs.app1(damaged.get(i)), Layout.AFTER_JFIF);
                assertSamePixels(untagged, d.read(jpeg, dir.resolve("d.jpg"), i % 2 == 0, true), d + " damaged #" + i);
            }
        }
    }

    @Test
    void damagedSegmentsAndTruncatedFilesNeverThrowInTheParser() throws IOException {
        byte[] plain = image("burger.jpg");
        byte[] tagged = ExifJpegs.tagged(plain, 6, true, Layout.AFTER_JFIF);
        assertEquals(Orientation.ROTATE_90_CW, ExifOrientation.of(ByteBuffer.wrap(tagged)));
        int tiffStart = 20 + 4 + 6; // after the APP0 of 18 bytes, the APP1's marker, length and "Exif\0\0"
        for (int cut = 0; cut < tiffStart + ExifJpegs.ENTRIES_END; cut++) { // the file cut before IFD0 ends
            assertEquals(Orientation.NORMAL, ExifOrientation.of(ByteBuffer.wrap(Arrays.copyOf(tagged, cut))),
                    "cut at " + cut);
        }
        // an APP1 too short for its identifier, "Exif" without its two zeros, a segment length below 2
        byte[] shortApp1 = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0, 5, 'E', 'x', 'i', (byte) 0xFF,
            (byte) 0xD9};
        assertEquals(Orientation.NORMAL, ExifOrientation.of(ByteBuffer.wrap(shortApp1)));
        byte[] noZeros = ExifJpegs.with(plain, ExifJpegs.app1(ExifJpegs.tiff(6, true)), Layout.AFTER_JFIF);
        noZeros[tiffStart - 2] = 'x'; // the first zero after "Exif"
        assertEquals(Orientation.NORMAL, ExifOrientation.of(ByteBuffer.wrap(noZeros)));
        byte[] badLength = tagged.clone();
        badLength[20 + 2] = 0;
        badLength[20 + 3] = 1;
        assertEquals(Orientation.NORMAL, ExifOrientation.of(ByteBuffer.wrap(badLength)));
        // random damage to the segment: any answer, never an exception; read from a buffer's middle as well
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] t = tagged.clone();
            for (int k = random.nextInt(1, 6); k > 0; k--) {
                t[random.nextInt(20, tiffStart + ExifJpegs.ENTRIES_END + 4)] = (byte) random.nextInt(256);
            }
            byte[] padded = new byte[t.length + 10];
            System.arraycopy(t, 0, padded, 10, t.length);
            ByteBuffer b = ByteBuffer.wrap(padded).position(10).limit(10 + random.nextInt(t.length + 1));
            ExifOrientation.of(b);
            assertEquals(10, b.position());
        }
    }
}
