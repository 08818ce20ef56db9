package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.model.ModelSource;

/** {@link ImageTaskOptions} is immutable: its normalization arrays are copied in and out. */
class ImageTaskOptionsTest {
    private static ImageTaskOptions options(float[] mean, float[] std) {
        ModelSource model = ModelSource.of(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite"));
        return new ImageTaskOptions(model, null, null, 1, false, 1.0, null, mean, std, 1L << 30, null, false, true);
    }

    @Test
    void changingTheArraysGivenOrReturnedLeavesTheOptionsAsMade() {
        float[] mean = {1f, 2f, 3f};
        float[] std = {4f, 5f, 6f};
        ImageTaskOptions o = options(mean, std);
        mean[0] = 100f;
        std[1] = 100f;
        o.mean()[2] = 100f;
        o.std()[0] = 100f;
        assertArrayEquals(new float[] {1f, 2f, 3f}, o.mean());
        assertArrayEquals(new float[] {4f, 5f, 6f}, o.std());
        ImageTaskOptions none = options(null, null);
        assertNull(none.mean());
        assertNull(none.std());
    }
}
