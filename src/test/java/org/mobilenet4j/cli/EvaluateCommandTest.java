package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;

/**
 * {@code evaluate} over all 1490 images of mlts-openimages, on the fastest backend available, against the
 * top-1 accuracy the AOSP MLTS benchmark publishes for the same models, within 5 points (the resize method
 * alone moves these by a few). The Coral v1 1.0/224 pair (extractor + head) is a close re-conversion of the
 * official model whose figure is given. The default {@code mvn test} evaluates the two smallest models (one float,
 * one uint8 with hard-swish and squeeze-excite); {@code -Pfull} all eight.
 */
class EvaluateCommandTest {

    @ParameterizedTest(name = "{0}: published top-1 {1}")
    @CsvSource({
        "aosp-mlts/mobilenet_v1_0.25_128.tflite, 0.444,",
        "aosp-mlts/mobilenet_v3-small_224_1.0_uint8.tflite, 0.5651,"})
    void fullDatasetTop1(String model, double published, String head) {
        evaluate(model, published, head);
    }

    @ParameterizedTest(name = "{0}: published top-1 {1}")
    @CsvSource({
        "aosp-mlts/mobilenet_v1_0.25_128_quant.tflite, 0.402,",
        "aosp-mlts/mobilenet_v1_0.5_160_quant.tflite, 0.550,",
        "aosp-mlts/mobilenet_v1_0.75_192_quant.tflite, 0.582,",
        "aosp-mlts/mobilenet_v2_1.0_224_quant.tflite, 0.617,",
        "aosp-mlts/mobilenet_v3-large-minimalistic_224_1.0_uint8.tflite, 0.5940,",
        "coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite, 0.596, coral/mobilenet_quant_v1_224_head_layers.tflite"})
    void fullDatasetTop1OfTheOtherModels(String model, double published, String head) {
        Assumptions.assumeTrue(TestData.full(), "the other six models run under -Pfull");
        evaluate(model, published, head);
    }

    private static void evaluate(String model, double published, String head) {
        String dir = "datasets/mlts-openimages/";
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("evaluate",
                "--model", TestData.file("models/" + model).toString(),
                "--images", TestData.file(dir).toString(),
                "--ground-truth", TestData.file(dir + "ground_truth_labels.txt").toString(),
                "--labels", TestData.file("models/aosp-mlts/labels.txt").toString(),
                "--crop", "0.875", "--parallel", "2", "--json"));
        if (head != null) {
            args.addAll(java.util.List.of("--head", TestData.file("models/" + head).toString()));
        }
        String out = InfoCommandTest.run(0, args.toArray(new String[0]));
        JsonObject o = JsonParser.parseString(out).getAsJsonObject();
        System.out.println("evaluate " + model + ": " + o + " (published top-1 " + published + ")");
        assertEquals(1490, o.get("count").getAsInt());
        assertEquals(published, o.get("top1").getAsDouble(), 0.05, out);
    }
}
