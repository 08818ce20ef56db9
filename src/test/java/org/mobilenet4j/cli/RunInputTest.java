package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;

/** {@code run --input}: the size is checked before anything is read; FIFOs and devices are refused unread. */
class RunInputTest {

    @TempDir
    Path tmp;

    private String run(Path input) {
        StringWriter err = new StringWriter();
        CommandLineRun r = new CommandLineRun(err);
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> r.execute(input, tmp.resolve("out.bin")));
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("--input " + input.toAbsolutePath()), err.toString());
        assertTrue(Files.notExists(tmp.resolve("out.bin")));
        return err.toString();
    }

    private record CommandLineRun(StringWriter err) {
        int execute(Path input, Path output) {
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            return cl.execute("run", "--model", TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite")
                    .toString(), "--input", input.toString(), "--output", output.toString(), "--backend", "reference");
        }
    }

    @Test
    void hugeSparseFileIsRefusedBySize() throws IOException {
        Path big = tmp.resolve("big.raw");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        String err = run(big);
        assertTrue(err.contains("has 3221225472 bytes; the model's input") && err.contains("takes 49152"), err);
        assertTrue(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() - heapBefore < 1L << 30);
    }

    @Test
    void fifoAndDeviceAreNotRead() throws Exception {
        Path fifo = tmp.resolve("pipe.raw");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo unavailable");
        assertTrue(run(fifo).contains("is not a regular file"));
        assertTrue(run(Path.of("/dev/zero")).contains("is not a regular file"));
        assertTrue(run(tmp.resolve("missing.raw")).contains("no such file"));
    }
}
