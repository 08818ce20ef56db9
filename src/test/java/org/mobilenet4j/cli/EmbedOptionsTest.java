package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;

/** {@code embed --quantize} normalizes (and says so) instead of clamping; {@code embed --help} on --format. */
class EmbedOptionsTest {
    private static final String MODEL = "models/tflite-support/mobilenet_v1_0.25_224_quant.tflite";

    /** The values of the one csv row of embedding burger.jpg with {@code options}. */
    private static String[] row(CliRun r) {
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        String[] cells = lines.get(1).split(",", -1);
        assertEquals(1 + 256 + 1, cells.length);
        return java.util.Arrays.copyOfRange(cells, 1, 257);
    }

    private static CliRun embed(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("embed", "--model", TestData.file(MODEL).toString(),
                "--format", "csv"));
        args.addAll(List.of(options));
        args.add(TestData.file("images/burger.jpg").toString());
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void quantizeAloneIsTheInt8OfTheL2NormalizedFloats() {
        CliRun floats = embed("--l2-normalize");
        CliRun alone = embed("--quantize");
        CliRun both = embed("--quantize", "--l2-normalize");
        assertTrue(alone.err().contains("note: --quantize implies --l2-normalize"), alone.err());
        assertFalse(both.err().contains("note:"), both.err());
        String[] f = row(floats);
        String[] q = row(alone);
        assertEquals(List.of(row(both)), List.of(q));
        int ends = 0;
        int nonZero = 0;
        for (int i = 0; i < q.length; i++) {
            int v = Integer.parseInt(q[i]);
            assertEquals(Math.round(Float.parseFloat(f[i]) * 128), v, 1, "e" + i);
            ends += v == 127 || v == -128 ? 1 : 0;
            nonZero += v != 0 ? 1 : 0;
        }
        // without normalization about 120 of the 256 values were 127
        assertTrue(ends <= 2, "saturated: " + ends + " of 256");
        assertTrue(nonZero > 128, "not rounded to 0: " + nonZero + " of 256");
    }

    @Test
    void helpSaysFormatIsRequiredAndClaimsNoDefault() {
        String help = InfoCommandTest.run(0, "embed", "--help");
        String format = help.lines().filter(l -> l.contains("--format=FORMAT ")).findFirst().orElseThrow();
        assertTrue(format.contains("json, jsonl, csv (required"), format);
        assertFalse(help.contains("default: text") || format.contains("default"), help);
        // the mixin's own help is unchanged for a command that does write text
        assertTrue(InfoCommandTest.run(0, "classify", "--help").contains("default: text"));
        // and --format still sets the format
        assertTrue(embed().out().startsWith("image,e0,"));
    }
}
