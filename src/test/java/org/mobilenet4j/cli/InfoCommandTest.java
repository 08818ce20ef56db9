package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** The info and bench commands as a user runs them. */
class InfoCommandTest {

    static String run(int expectedExit, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(expectedExit, r.exit(), "exit code; stderr: " + r.err());
        return expectedExit == 0 ? r.out() : r.err();
    }

    @Test
    void jsonForHalfWidth160MatchesTable9() {
        JsonObject o = JsonParser.parseString(run(0, "info", "--arch", "v1", "--alpha", "0.5", "--resolution", "160",
                "--json")).getAsJsonObject();
        assertEquals(76e6, o.get("multAdds").getAsLong(), 1e6);
        assertEquals("1.32", String.format(java.util.Locale.ROOT, "%.2f", o.get("params").getAsLong() / 1e6));
        // 1 conv + 13 x (dw + pw) + pool + flatten + fc + softmax
        assertEquals(1 + 26 + 4, o.getAsJsonArray("layers").size());
    }

    @Test
    void tableLooksLikeThePapers() {
        String text = run(0, "info", "--arch", "v1");
        assertTrue(text.contains("Conv dw / s2"), text);
        assertTrue(text.contains("3x3x3x32"), text);
        assertTrue(text.contains("224x224x3") || text.contains("1x224x224x3"), text);
        assertTrue(text.contains("Total: 568,"), text);
    }

    @Test
    void importedModelListsOpsShapesAndQuantization() {
        String json = run(0, "info", "--model",
                org.mobilenet4j.TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite").toString(), "--json");
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        // same architecture as the layer table v1 0.25/128 with 1001 classes (as a 1x1 conv)
        long tableMacs = JsonParser.parseString(run(0, "info", "--arch", "v1", "--alpha", "0.25", "--resolution", "128",
                "--json")).getAsJsonObject().get("multAdds").getAsLong();
        assertEquals(tableMacs, o.get("multAdds").getAsLong());
        assertTrue(json.contains("uint8[1x64x64x8]"), "first conv output with its quantization");
        assertTrue(json.contains("scale="), json.substring(0, 400));
    }

    @Test
    void unknownArchitectureIsAClearError() {
        String err = run(2, "info", "--arch", "v9");
        assertTrue(err.contains("unknown architecture 'v9'"), err);
    }

    /** A value the layer table refuses is a usage error naming its option, for info and bench alike. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"--arch,v4", "--alpha,0", "--resolution,0", "--classes,0",
        "--classes,2000000000"})
    void badArchitectureValuesAreUsageErrors(String option, String value) {
        for (String command : java.util.List.of("info", "bench")) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command));
            if (!option.equals("--arch")) {
                args.addAll(java.util.List.of("--arch", "v1"));
            }
            args.addAll(java.util.List.of(option, value));
            String err = run(2, args.toArray(new String[0]));
            assertTrue(err.startsWith("error: " + option), err);
            assertTrue(err.contains("see: mobilenet4j " + command + " --help"), err);
        }
    }

    /** info and bench write text or json: their help names no other format (csv, jsonl) as one to use. */
    @Test
    void helpListsOnlyTheFormatsTheCommandAccepts() {
        for (String command : java.util.List.of("info", "bench")) {
            String help = run(0, command, "--help");
            assertTrue(help.contains("Formats: text, json."), help);
            assertTrue(!help.contains("csv") && !help.contains("jsonl"), help);
        }
    }

    @Test
    void alphaWithoutArchSaysWhatIsMissingOnce() {
        String err = run(2, "info", "--alpha", "0.5");
        assertTrue(err.startsWith("error: Missing required argument(s): --arch"), err);
    }

    @Test
    void benchProfilesEachXnnpackOperatorInRunOrder() {
        JsonObject o = JsonParser.parseString(run(0, "bench", "--arch", "v1", "--alpha", "0.25", "--resolution", "128",
                "--backend", "xnnpack", "--iterations", "5", "--warmup", "1", "--profile", "--json")).getAsJsonObject();
        JsonObject profile = o.getAsJsonObject("profile");
        assertEquals(5, profile.get("runs").getAsInt());
        com.google.gson.JsonArray ops = profile.getAsJsonArray("operators");
        // v1: 1 convolution, 13 depthwise + pointwise pairs, the pool, the logits convolution, reshape and softmax
        assertTrue(ops.get(0).getAsJsonObject().get("name").getAsString().startsWith("Convolution (NHWC, F32)"), ops.toString());
        assertEquals("Convolution (NHWC, F32) DWConv", ops.get(1).getAsJsonObject().get("name").getAsString());
        long sum = 0;
        for (var op : ops) {
            sum += op.getAsJsonObject().get("medianUs").getAsLong();
        }
        long kinds = 0;
        for (var kind : profile.getAsJsonArray("kinds")) {
            kinds += kind.getAsJsonObject().get("medianUs").getAsLong();
        }
        assertEquals(sum, kinds, "the kinds add up to the operators");
        String err = run(2, "bench", "--arch", "v1", "--backend", "reference", "--profile");
        assertTrue(err.startsWith("error: --profile needs the xnnpack backend, not reference"), err);
    }

    @Test
    void benchReportsMedianAndMin() {
        JsonObject o = JsonParser.parseString(run(0, "bench", "--arch", "v1", "--alpha", "0.25", "--resolution", "128",
                "--backend", "reference", "--iterations", "3", "--warmup", "0", "--json")).getAsJsonObject();
        assertTrue(o.get("medianMs").getAsDouble() >= o.get("minMs").getAsDouble());
        assertTrue(o.get("minMs").getAsDouble() > 0);
    }
}
