package org.mobilenet4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * The 8-bit path (crop as a window, resize read straight from the bytes, per-thread scratch) against the float
 * path it replaces for decoded JPEGs (crop copies, float image, resize): the same tensor bytes, for float, uint8 and
 * int8 inputs, with and without a region and a centre crop, at several sizes.
 */
class Rgb8PreprocessingTest {

    private static Rgb8Image randomImage(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new SplittableRandom(seed).nextBytes(px);
        return new Rgb8Image(w, h, px);
    }

    private static ByteBuffer encode(ImagePreprocessor p, TensorType t, Object image, Region region) {
        ByteBuffer b = ByteBuffer.allocateDirect((int) t.byteSize()).order(ByteOrder.nativeOrder());
        if (image instanceof Rgb8Image bytes) {
            p.encode(bytes, region, b);
        } else {
            p.encode((RgbImage) image, region, b);
        }
        return b;
    }

    @Test
    void bytesEncodeAsTheirFloatCopy() {
        TensorType[] types = {
            TensorType.float32(1, 224, 224, 3),
            new TensorType(new int[] {1, 160, 160, 3}, DataType.UINT8, Quantization.perTensor(0.0078125f, 128)),
            new TensorType(new int[] {1, 96, 128, 3}, DataType.INT8, Quantization.perTensor(0.0078125f, 0))};
        Region[] regions = {null, new Region(-7, 13, 300, 200), new Region(30, 20, 5000, 5000), new Region(5, 5, 1, 1)};
        int cases = 0;
        for (int[] size : new int[][] {{512, 341}, {341, 512}, {100, 100}, {1000, 37}}) {
            Rgb8Image bytes = randomImage(size[0], size[1], size[0] * 31L + size[1]);
            RgbImage floats = bytes.toRgbImage();
            for (TensorType t : types) {
                for (double crop : new double[] {1.0, 0.875, 0.5}) {
                    ImagePreprocessor p = new ImagePreprocessor(t, null, null, null, crop);
                    for (Region r : regions) {
                        assertEquals(encode(p, t, floats, r), encode(p, t, bytes, r), t + " crop " + crop + " " + r);
                        assertArrayEquals(p.prepare(floats, r).pixels(), p.prepare(bytes, r).pixels());
                        cases++;
                    }
                }
            }
        }
        assertEquals(4 * 3 * 3 * 4, cases);
    }

    @Test
    void regionsOutsideAndBadSizesAreRefused() {
        Rgb8Image img = randomImage(10, 10, 1);
        ImagePreprocessor p = new ImagePreprocessor(TensorType.float32(1, 8, 8, 3), null, null, null, 1.0);
        assertThrows(IllegalArgumentException.class, () -> p.prepare(img, new Region(20, 20, 5, 5)));
        assertThrows(IllegalArgumentException.class, () -> new Rgb8Image(10, 10, new byte[299]));
        assertThrows(IllegalArgumentException.class, () -> new Rgb8Image(0, 10, new byte[0]));
    }
}
