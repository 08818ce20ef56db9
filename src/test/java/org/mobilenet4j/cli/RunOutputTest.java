package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;

/** {@code run --output}: a path that cannot be written is named as --output, before the model is read. */
class RunOutputTest {
    private static final String MODEL = "models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite";

    @TempDir
    Path tmp;

    private CliRun run(String model, Path output) throws Exception {
        Path input = Files.write(tmp.resolve("in.raw"), new byte[128 * 128 * 3]);
        return CliRun.of("run", "--model", model, "--input", input.toString(), "--output", output.toString(),
                "--backend", "reference");
    }

    @Test
    void missingFolderIsNamedAsOutputBeforeTheModelIsRead() throws Exception {
        Path out = tmp.resolve("no-such-dir/sub/o.bin");
        // the model does not exist either: the --output error comes first, so nothing was read or run
        CliRun r = run(tmp.resolve("missing.tflite").toString(), out);
        assertEquals(1, r.exit(), r.toString());
        assertEquals("error: --output " + out + ": no such folder " + out.getParent(), r.err().strip());
        CliRun folder = run(TestData.file(MODEL).toString(), tmp);
        assertEquals(1, folder.exit(), folder.toString());
        assertTrue(folder.err().contains("--output " + tmp + ": is a folder"), folder.err());
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun underFile = run(TestData.file(MODEL).toString(), file.resolve("o.bin"));
        assertTrue(underFile.err().contains("--output " + file.resolve("o.bin") + ": " + file + " is not a folder"),
                underFile.err());
    }

    /** --output naming --input's file (here through another path) is refused before anything is written. */
    @Test
    void theInputFileAsOutputIsAUsageError() throws Exception {
        Path input = Files.write(tmp.resolve("in.raw"), new byte[128 * 128 * 3]);
        Path same = tmp.resolve(".").resolve("in.raw");
        CliRun r = CliRun.of("run", "--model", TestData.file(MODEL).toString(), "--input", input.toString(),
                "--output", same.toString(), "--backend", "reference");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: --output " + same + " is the same file as --input " + input), r.err());
        assertEquals(128 * 128 * 3, Files.size(input), "the input is left as it was");
    }

    @Test
    void aWritableOutputIsWritten() throws Exception {
        Path out = tmp.resolve("o.bin");
        CliRun r = run(TestData.file(MODEL).toString(), out);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1001, Files.size(out));
    }

    /** A write that fails (a full disk: /dev/full) names --output and the cause; it had said only the cause. */
    @Test
    void aFailedWriteNamesOutput() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "no /dev/full here");
        CliRun r = run(TestData.file(MODEL).toString(), full);
        assertEquals(1, r.exit(), r.toString());
        assertEquals("error: cannot write --output /dev/full: No space left on device", r.err().strip());
    }
}
