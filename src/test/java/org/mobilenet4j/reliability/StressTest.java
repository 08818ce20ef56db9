package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.classify.ImageClassifier;

/**
 * The stress run (skipped unless {@code -Dmobilenet4j.stress=true}): resident memory stays flat over 10,000
 * classifier create/close cycles and over 100,000 classifications. Measured as VmRSS (/proc/self/status)
 * minus the Java heap the JVM has committed, so that the heap growing into its default maximum is not
 * mistaken for a native leak; both figures are printed.
 * {@code mvn test -Dtest=StressTest,ModelFuzzTest -Dmobilenet4j.stress=true -Dmobilenet4j.fuzz.cases=3000}
 */
class StressTest {
    private static final Path MODEL = Path.of("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite");

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    /** Resident memory outside the committed Java heap, in kB. */
    private static long nativeKb() throws IOException {
        return rssKb() - Runtime.getRuntime().totalMemory() / 1024;
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    @Test
    void memoryStaysFlat() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("mobilenet4j.stress"), "stress run only");
        Path model = TestData.file(MODEL.toString());
        // warm up, then measure create/close cycles
        for (int i = 0; i < 200; i++) {
            ImageClassifier.builder().model(model).build().close();
        }
        settle();
        long before = nativeKb();
        long rssBefore = rssKb();
        for (int i = 0; i < 10_000; i++) {
            ImageClassifier.builder().model(model).build().close();
        }
        settle();
        long afterCycles = nativeKb();
        System.out.printf("create/close x 10000: VmRSS %d -> %d kB; outside the Java heap %d -> %d kB (%+d kB)%n",
                rssBefore, rssKb(), before, afterCycles, afterCycles - before);
        try (ImageClassifier c = ImageClassifier.builder().model(model).build()) {
            ByteBuffer input = TensorBuffers.allocate(c.graph().inputType(0));
            for (int i = 0; i < 2_000; i++) {
                c.classifyTensor(input.duplicate());
            }
            settle();
            long start = nativeKb();
            long rssStart = rssKb();
            for (int i = 0; i < 100_000; i++) {
                c.classifyTensor(input.duplicate());
            }
            settle();
            long end = nativeKb();
            System.out.printf("classify x 100000: VmRSS %d -> %d kB; outside the Java heap %d -> %d kB (%+d kB)%n",
                    rssStart, rssKb(), start, end, end - start);
            assertTrue(end - start < 20_000, "classification grew RSS by " + (end - start) + " kB");
        }
        assertTrue(afterCycles - before < 20_000, "create/close grew RSS by " + (afterCycles - before) + " kB");
    }
}
