package org.mobilenet4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/** Pre-processing steps against values worked out by hand from their definitions. */
class PreprocessingTest {

    /** A 1-row image with one value per pixel (all three channels equal). */
    private static RgbImage grey(int w, int h, float... values) {
        float[] px = new float[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            px[3 * i] = px[3 * i + 1] = px[3 * i + 2] = values[i];
        }
        return new RgbImage(w, h, px);
    }

    private static float[] channel0(RgbImage img) {
        float[] v = new float[img.width() * img.height()];
        for (int i = 0; i < v.length; i++) {
            v[i] = img.pixels()[3 * i];
        }
        return v;
    }

    @Test
    void halfPixelUpscaleTwoToFour() {
        // in: [0, 100], scale 0.5: x=0 -> -0.25 (lower clamped to 0, weight -0.25 to 0 and 1.25... both 0) = 0;
        // x=1 -> 0.25 -> 25; x=2 -> 0.75 -> 75; x=3 -> 1.25 -> lower 1, upper clamped 1 -> 100
        RgbImage out = HalfPixelBilinearResize.resize(grey(2, 1, 0, 100), 4, 1);
        assertArrayEquals(new float[] {0, 25, 75, 100}, channel0(out), 1e-5f);
    }

    @Test
    void halfPixelDownscaleFourToTwoAveragesPairs() {
        // scale 2: x=0 -> 0.5 between 0 and 1; x=1 -> 2.5 between 2 and 3
        RgbImage out = HalfPixelBilinearResize.resize(grey(4, 1, 10, 20, 30, 50), 2, 1);
        assertArrayEquals(new float[] {15, 40}, channel0(out), 1e-5f);
    }

    @Test
    void centerCropTakesTheMiddleSquare() {
        // 5x3 image, fraction 1: side 3, offset x (5-3)/2 = 1
        float[] v = new float[15];
        for (int i = 0; i < 15; i++) {
            v[i] = i;
        }
        RgbImage c = grey(5, 3, v).centerCrop(1.0);
        assertEquals(3, c.width());
        assertArrayEquals(new float[] {1, 2, 3, 6, 7, 8, 11, 12, 13}, channel0(c), 0f);
        // 0.875 of 8 = 7, offset 0
        assertEquals(7, grey(8, 8, new float[64]).centerCrop(0.875).width());
    }

    @Test
    void encodings() {
        RgbImage img = grey(1, 1, 200.7f);
        ByteBuffer f = new InputEncoder(TensorType.float32(1, 1, 1, 3), new float[] {127.5f}, new float[] {127.5f})
                .encode(img);
        assertEquals((200.7f - 127.5f) / 127.5f, f.getFloat(0), 1e-7f);
        TensorType u8 = new TensorType(new int[] {1, 1, 1, 3}, DataType.UINT8, Quantization.perTensor(0.0078125f, 128));
        // raw pixels, rounded: 200.7 -> 201
        assertEquals(201, new InputEncoder(u8, new float[] {127.5f}, new float[] {127.5f}).encode(img).get(0) & 0xff);
        TensorType i8 = new TensorType(new int[] {1, 1, 1, 3}, DataType.INT8, Quantization.perTensor(0.0078125f, 0));
        // (200.7 - 127.5) / 127.5 = 0.5741 -> / 0.0078125 = 73.49 -> 73
        assertEquals(73, new InputEncoder(i8, new float[] {127.5f}, new float[] {127.5f}).encode(img).get(0));
    }
}
