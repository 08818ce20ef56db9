package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.tflite.TfliteWriter;

/**
 * A model with two outputs (logits and softmax, as models exported for training often are): bench times it as it
 * runs, and run says it writes one output tensor; both had stopped with the backend's internal "graph takes 1
 * inputs and 2 outputs, got 1 and 1", naming neither the model nor the cause. classify refuses it with that error
 * alone: it had first printed a note about "labels.txt with -1 lines" beside the model.
 */
class TwoOutputModelCliTest {

    @TempDir
    Path tmp;

    private Path twoOutputs() throws Exception {
        GraphBuilder b = new GraphBuilder("two-outputs");
        int x = b.input("x", TensorType.float32(1, 2, 2, 3));
        int flat = b.reshape("flat", x, 1, 12);
        int logits = b.fullyConnected("logits", flat, b.constant("w", new float[48], 4, 12),
                b.constant("b", new float[] {1, 2, 3, 4}, 4), Activation.NONE);
        b.output(logits);
        b.output(b.softmax("softmax", logits));
        Path model = tmp.resolve("two-outputs.tflite");
        TfliteWriter.write(b.build(), model);
        return model;
    }

    @Test
    void benchTimesEveryOutput() throws Exception {
        CliRun r = CliRun.of("bench", "--model", twoOutputs().toString(), "--backend", "reference",
                "--iterations", "2", "--warmup", "0", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("two-outputs.tflite", o.get("model").getAsString());
        assertTrue(o.get("minMs").getAsDouble() > 0, r.out());
    }

    @Test
    void runSaysItWritesOneOutputTensor() throws Exception {
        Path model = twoOutputs();
        Path input = Files.write(tmp.resolve("in.raw"), new byte[2 * 2 * 3 * 4]);
        Path output = tmp.resolve("out.raw");
        CliRun r = CliRun.of("run", "--model", model.toString(), "--input", input.toString(), "--output",
                output.toString(), "--backend", "reference");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("error: run reads one --input tensor and writes one --output tensor; --model " + model
                + " has 1 input(s) and 2 output(s)", r.err().strip());
        assertFalse(Files.exists(output));
    }

    @Test
    void classifySaysItNeedsOneOutputAndNothingElse() throws Exception {
        Path model = twoOutputs();
        CliRun r = CliRun.of("classify", "--model", model.toString(), "--backend", "reference", "x.jpg");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("error: two-outputs.tflite: a classifier needs one input and one output, model has 1 and 2",
                r.err().strip());
    }
}
