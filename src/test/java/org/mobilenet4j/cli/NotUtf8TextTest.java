package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;

/**
 * A --labels or --ground-truth file that is not UTF-8 (a model given by mistake, a Latin-1 list) is named with
 * the cause in words; the JDK's MalformedInputException had made it "cannot read labels X: Input length = 1".
 */
class NotUtf8TextTest {
    private static final String MODEL = "models/tflite-support/mobilenet_v1_0.25_224_quant.tflite";

    @TempDir
    Path tmp;

    private Path latin1() throws Exception {
        return Files.write(tmp.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
    }

    @Test
    void labelsThatAreNotUtf8() throws Exception {
        Path labels = latin1();
        CliRun r = CliRun.of("classify", "--model", TestData.file(MODEL).toString(), "--labels", labels.toString(),
                TestData.file("images/burger.jpg").toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("error: cannot read labels " + labels + ": not UTF-8 text", r.err().strip());
    }

    @Test
    void groundTruthThatIsNotUtf8() throws Exception {
        Path truth = latin1();
        CliRun r = CliRun.of("evaluate", "--model", TestData.file(MODEL).toString(), "--labels",
                TestData.file("models/tflite-support/labels.txt").toString(), "--images",
                TestData.file("images").toString(), "--ground-truth", truth.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("error: cannot read --ground-truth " + truth + ": not UTF-8 text", r.err().strip());
    }
}
