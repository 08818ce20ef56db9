package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;

/**
 * {@code evaluate} over all 1490 images of mlts-openimages against the top-1 accuracy the AOSP MLTS
 * benchmark publishes for the same models, within 5 points (the resize method alone moves these by a few).
 */
class EvaluateCommandTest {

    @ParameterizedTest(name = "{0}: published top-1 {1}")
    @CsvSource({
        "aosp-mlts/mobilenet_v1_0.25_128.tflite, 0.444",
        "aosp-mlts/mobilenet_v1_0.25_128_quant.tflite, 0.402",
        "aosp-mlts/mobilenet_v1_0.5_160_quant.tflite, 0.550",
        "aosp-mlts/mobilenet_v1_0.75_192_quant.tflite, 0.582",
        "aosp-mlts/mobilenet_v2_1.0_224_quant.tflite, 0.617",
        "aosp-mlts/mobilenet_v3-small_224_1.0_uint8.tflite, 0.5651",
        "aosp-mlts/mobilenet_v3-large-minimalistic_224_1.0_uint8.tflite, 0.5940"})
    void fullDatasetTop1(String model, double published) {
        String dir = "datasets/mlts-openimages/";
        String out = InfoCommandTest.run(0, "evaluate", "--model", TestData.file("models/" + model).toString(),
                "--images", TestData.file(dir).toString(),
                "--ground-truth", TestData.file(dir + "ground_truth_labels.txt").toString(),
                "--labels", TestData.file("models/aosp-mlts/labels.txt").toString(),
                "--crop", "0.875", "--parallel", "2", "--backend", "reference", "--json");
        JsonObject o = JsonParser.parseString(out).getAsJsonObject();
        System.out.println("evaluate " + model + ": " + o + " (published top-1 " + published + ")");
        assertEquals(1490, o.get("count").getAsInt());
        assertEquals(published, o.get("top1").getAsDouble(), 0.05, out);
    }
}
