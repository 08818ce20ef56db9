package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;

/** -Dmobilenet4j.* numeric properties as a CLI user sets them: refused when not numbers, reported readably. */
class PropertiesCliTest {
    private static final String MODEL = TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite")
            .toString();
    private static final String BURGER = TestData.file("images/burger.jpg").toString();

    private static CliRun classifyWith(String property, String value) {
        System.setProperty(property, value);
        try {
            return CliRun.of("classify", "--model", MODEL, BURGER);
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void unparsableImageLimitIsRefusedLikeTheMemoryBudget() {
        // decode once unset, so the decoders' static state is made from the defaults
        CliRun ok = CliRun.of("classify", "--model", MODEL, BURGER);
        assertEquals(0, ok.exit(), ok.toString());
        for (String p : new String[] {"mobilenet4j.maxImagePixels", "mobilenet4j.memoryBudget"}) {
            CliRun r = classifyWith(p, "abc");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().startsWith("error: " + p + ": 'abc' is not a positive"), r.err());
        }
        // a limit that is a number is applied: the 480-pixel-wide burger is above 1000 pixels
        CliRun tiny = classifyWith("mobilenet4j.maxImagePixels", "1000");
        assertEquals(1, tiny.exit(), tiny.toString());
        assertTrue(tiny.out().contains("mobilenet4j.maxImagePixels"), tiny.out());
    }

    @Test
    void aBudgetOfAKilobyteIsReportedAsOne() {
        CliRun r = classifyWith("mobilenet4j.memoryBudget", "1k");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("above the memory budget of 1.0 KiB;"), r.err());
    }
}
