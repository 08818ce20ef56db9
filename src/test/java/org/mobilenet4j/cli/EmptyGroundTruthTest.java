package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;

/**
 * An empty --ground-truth file is an error naming it: evaluate had reported "0 images classified: no accuracy"
 * with exit 0 (JSON: count 0), as if the evaluation had been done.
 */
class EmptyGroundTruthTest {

    @Test
    void anEmptyGroundTruthIsAnError(@TempDir Path tmp) throws Exception {
        Path truth = Files.createFile(tmp.resolve("truth.txt"));
        CliRun r = CliRun.of("evaluate", "--model",
                TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite").toString(), "--labels",
                TestData.file("models/tflite-support/labels.txt").toString(), "--images",
                TestData.file("images").toString(), "--ground-truth", truth.toString(), "--json");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("error: --ground-truth " + truth + " is empty: no image to evaluate", r.err().strip());
        assertEquals("--ground-truth " + truth + " is empty: no image to evaluate",
                com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject().get("error").getAsString());
    }
}
