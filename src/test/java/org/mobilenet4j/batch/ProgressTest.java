package org.mobilenet4j.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress line: count, rate, and a bar with ETA once the total is known. */
class ProgressTest {

    @Test
    void barWithRateAndEtaOnceTheTotalIsKnown() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] total = {-1};
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> total[0]);
        Thread.sleep(50);
        p.update(10, 0);
        String first = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(first.startsWith("\r10  "), first);
        assertTrue(first.contains(" images/s"), first);
        assertTrue(!first.contains("ETA"), "no ETA without a total: " + first);
        total[0] = 40;
        Thread.sleep(250);
        p.update(20, 1);
        String second = bytes.toString(StandardCharsets.UTF_8).substring(first.length());
        assertTrue(second.matches("\\r\\[#{15} {15}\\] 20/40  [0-9.]+ images/s  ETA \\d+:\\d\\d  1 failed\\s*"), second);
        p.finish();
        assertEquals('\n', bytes.toString(StandardCharsets.UTF_8).charAt(bytes.size() - 1));
    }
}
