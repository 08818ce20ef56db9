package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.vision.Region;

/** Whole-image classification against what other projects' tests assert for the same files. */
class PeerAssertedScoresTest {

    private static List<Classification> classify(String model, String labels, String image, int top) {
        ImageClassifier.Builder b = ImageClassifier.builder().model(TestData.file(model)).maxResults(top);
        if (labels != null) {
            b.labels(TestData.file(labels));
        }
        try (ImageClassifier c = b.build()) {
            return c.classify(TestData.file(image));
        }
    }

    @Test
    void burgerWithTfliteSupportQuantModel() {
        List<Classification> r = classify("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite", null,
                "images/burger.jpg", 1);
        assertEquals(934, r.get(0).index());
        assertEquals("cheeseburger", r.get(0).label());
        assertTrue(r.get(0).score() >= 0.95f && r.get(0).score() <= 0.98f, "score " + r.get(0).score());
    }

    @Test
    void burger224() {
        List<Classification> r = classify("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite", null,
                "images/burger-224.png", 1);
        assertEquals("cheeseburger", r.get(0).label());
        assertTrue(r.get(0).score() >= 0.90f, "score " + r.get(0).score());
    }

    @Test
    void burgerRegionIsABagel() {
        Path model = TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite");
        try (ImageClassifier c = ImageClassifier.builder().model(model).maxResults(1)
                .region(new Region(0, 0, 100, 100)).build()) {
            Classification top = c.classify(TestData.file("images/burger-224.png")).get(0);
            assertEquals("bagel", top.label());
            assertTrue(top.score() >= 0.24f, "score " + top.score());
        }
    }

    @ParameterizedTest(name = "coral {0} on cat.bmp: {1} in top-3 with >= {2}")
    @CsvSource({
        "mobilenet_v1_0.25_128_quant.tflite, 283, 0.25",
        "mobilenet_v1_0.5_160_quant.tflite, 286, 0.51",
        "mobilenet_v1_0.75_192_quant.tflite, 283, 0.35",
        "mobilenet_v2_1.0_224_quant.tflite, 286, 0.7",
        // TF2's int8 converter: uint8 -> int8 quantize at the input, int8 -> uint8 at the output
        "tf2_mobilenet_v2_1.0_224_ptq.tflite, 286, 0.6"})
    void coralCat(String model, int index, float minScore) {
        List<Classification> r = classify("models/coral/" + model, "models/coral/imagenet_labels.txt",
                "images/cat.bmp", 3);
        assertTrue(r.stream().anyMatch(c -> c.index() == index && c.score() >= minScore), r.toString());
    }

    @Test
    void coralChainedFullSizeV1() {
        try (ImageClassifier c = ImageClassifier.builder()
                .model(TestData.file("models/coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite"))
                .head(TestData.file("models/coral/mobilenet_quant_v1_224_head_layers.tflite"))
                .labels(TestData.file("models/coral/imagenet_labels.txt")).maxResults(3).build()) {
            List<Classification> r = c.classify(TestData.file("images/cat.bmp"));
            assertTrue(r.stream().anyMatch(x -> x.index() == 286 && x.score() >= 0.78f), r.toString());
            assertEquals(653, c.classify(TestData.file("images/grace_hopper.jpg")).get(0).index());
        }
    }

    @Test
    void v2LogitsModelGetsSoftmax() {
        try (ImageClassifier c = ImageClassifier.builder()
                .model(TestData.file("models/aosp-mlts/mobilenet_v2_1.0_224_quant.tflite"))
                .labels(TestData.file("models/aosp-mlts/labels.txt")).maxResults(1001).build()) {
            assertTrue(c.appliesSoftmax());
            List<Classification> r = c.classify(TestData.file("images/grace_hopper.jpg"));
            assertEquals(653, r.get(0).index());
            double sum = r.stream().mapToDouble(Classification::score).sum();
            assertEquals(1.0, sum, 1e-3);
        }
    }

    @Test
    void floatModelWithMetadataUsesItsLabelsAndNormalization() {
        List<Classification> r = classify("models/tflite-support/mobilenet_v1_0.25_224_1_metadata_1.tflite", null,
                "images/burger.jpg", 1);
        assertEquals("cheeseburger", r.get(0).label());
        assertEquals(934, r.get(0).index());
    }
}
