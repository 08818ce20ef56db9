package org.mobilenet4j.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;

/**
 * A quantized model run in float agrees with its TFLite-exact integer execution on what it sees: the same top
 * class, and a top score within a tolerance. v3-small's uint8 arithmetic is the lossiest (hard-swish and the
 * squeeze-excite multiply requantized at every block): on grace_hopper.jpg TFLite's (and the reference's, byte
 * for byte) top score is 0.6875 against 0.527 for the dequantized float graph, hence 0.2 there.
 */
class DequantizerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"aosp-mlts/mobilenet_v1_0.5_160_quant.tflite, 0.1", "aosp-mlts/mobilenet_v2_1.0_224_quant.tflite, 0.1",
        "aosp-mlts/mobilenet_v3-small_224_1.0_uint8.tflite, 0.2"})
    void sameTopClassAndCloseScores(String model, float tolerance) {
        for (String image : new String[] {"images/grace_hopper.jpg", "images/burger.jpg"}) {
            List<Classification> q = classify(model, image, false);
            List<Classification> f = classify(model, image, true);
            assertEquals(q.get(0).index(), f.get(0).index(), image);
            assertEquals(q.get(0).score(), f.get(0).score(), tolerance, image);
        }
    }

    private static List<Classification> classify(String model, String image, boolean dequantize) {
        try (ImageClassifier c = ImageClassifier.builder().model(TestData.file("models/" + model))
                .labels(TestData.file("models/aosp-mlts/labels.txt")).dequantize(dequantize)
                .backend(new org.mobilenet4j.backend.reference.ReferenceBackend()).build()) {
            if (dequantize) {
                assertTrue(c.graph().nodes().stream().noneMatch(n -> n.op() instanceof Op.Conv2d
                        && c.graph().tensor(n.input(1)).type().dataType() != DataType.FLOAT32));
            }
            return c.classify(TestData.file(image));
        }
    }
}
