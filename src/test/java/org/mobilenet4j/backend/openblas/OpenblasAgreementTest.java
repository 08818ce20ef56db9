package org.mobilenet4j.backend.openblas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mobilenet4j.Ranking;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.task.ImageClassifier;

/**
 * Every model in ../shared classifies the test images alike on OpenBLAS and on the reference executor: float
 * models as they are, uint8 models dequantized on both (the OpenBLAS backend runs them in float). All 1001
 * scores within 1e-4, and the same top-5 in the same order.
 */
class OpenblasAgreementTest {
    private static final String[] IMAGES = {"burger.jpg", "cat.bmp", "grace_hopper.jpg", "sparrow.png",
        "cats_and_dogs.jpg", "multi_objects.jpg", "burger_crop.jpg"};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "aosp-mlts/mobilenet_v1_0.25_128.tflite",
        "tflite-support/mobilenet_v1_0.25_224_1_metadata_1.tflite",
        "tflite-support/mobilenet_v1_0.25_224_1_default_1.tflite",
        "tflite-support/mobilenet_v1_0.25_224_quant.tflite",
        "aosp-mlts/mobilenet_v1_0.25_128_quant.tflite",
        "aosp-mlts/mobilenet_v1_0.5_160_quant.tflite",
        "aosp-mlts/mobilenet_v1_0.75_192_quant.tflite",
        "aosp-mlts/mobilenet_v2_1.0_224_quant.tflite",
        "aosp-mlts/mobilenet_v3-small_224_1.0_uint8.tflite",
        "aosp-mlts/mobilenet_v3-large-minimalistic_224_1.0_uint8.tflite",
        "coral/mobilenet_v1_0.25_128_quant.tflite",
        "coral/mobilenet_v1_0.5_160_quant.tflite",
        "coral/mobilenet_v1_0.75_192_quant.tflite",
        "coral/mobilenet_v2_1.0_224_quant.tflite"})
    void sameScoresAndTopFive(String model) {
        try (ImageClassifier ref = classifier(model, new ReferenceBackend());
             ImageClassifier blas = classifier(model, new OpenblasBackend())) {
            for (String image : IMAGES) {
                float[] a = Ranking.byIndex(ref.classify(TestData.file("images/" + image)));
                float[] b = Ranking.byIndex(blas.classify(TestData.file("images/" + image)));
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 1e-4f, image + ": class " + i);
                }
                assertArrayEquals(Ranking.topK(a, 5), Ranking.topK(b, 5), image + ": top-5");
            }
        }
    }

    private static ImageClassifier classifier(String model, Backend backend) {
        return ImageClassifier.builder().model(TestData.file("models/" + model)).maxResults(1001).dequantize(true)
                .labels(TestData.file("models/aosp-mlts/labels.txt")).backend(backend).build();
    }
}
