package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.openblas.OpenblasBackend;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.xnnpack.XnnpackBackend;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.model.ModelException;
import org.mobilenet4j.tflite.TfliteImporter;

/**
 * Mutated real .tflite files are imported, and those that import are compiled and run on XNNPACK and on
 * OpenBLAS: every case ends in a model that runs or a clean exception ({@link ModelException} from the
 * importer and from every backend's compile; a RuntimeException naming the XNNPACK
 * call from a backend), never a JVM crash (the fork would die), hang or OutOfMemoryError. Half the cases are
 * raw byte mutations (bit flips, words set to 0 / -1 / huge values, truncation, copied spans), half schema
 * mutations ({@link StructuredMutator}: shapes, types, buffer indices, operator inputs / outputs, op codes).
 * 150 cases per model in the normal run; {@code -Dmobilenet4j.fuzz.cases=N} (the stress profile) for more.
 */
class ModelFuzzTest {
    private static final int CASES = Integer.getInteger("mobilenet4j.fuzz.cases", 150);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"aosp-mlts/mobilenet_v1_0.25_128_quant.tflite", "aosp-mlts/mobilenet_v1_0.25_128.tflite",
        "aosp-mlts/mobilenet_v3-small_224_1.0_uint8.tflite"})
    void mutatedModelsFailCleanly(String model) throws IOException {
        byte[] original = Files.readAllBytes(TestData.file("models/" + model));
        SplittableRandom r = new SplittableRandom(model.hashCode());
        StructuredMutator structured = new StructuredMutator(original);
        int ran = 0;
        int refused = 0;
        for (int c = 0; c < CASES; c++) {
            StringBuilder what = new StringBuilder();
            byte[] b = c % 2 == 0 ? mutate(original, r) : structured.mutate(r, what);
            Graph g;
            try {
                g = TfliteImporter.read(ByteBuffer.wrap(b), "case " + c);
            } catch (ModelException e) {
                refused++;
                continue;
            }
            boolean allRan = true;
            for (Backend backend : new Backend[] {new XnnpackBackend(), new OpenblasBackend()}) {
                Executable exe;
                try {
                    exe = backend.compile(g, BackendOptions.defaults());
                } catch (ModelException e) {
                    // the one error vocabulary of compile: invalid or unsupported, never another exception
                    allRan = false;
                    continue;
                }
                try (exe) {
                    ByteBuffer in = TensorBuffers.allocate(exe.graph().inputType(0));
                    ByteBuffer out = TensorBuffers.allocate(exe.graph().outputType(0));
                    exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
                } catch (RuntimeException e) {
                    // native run errors arrive as RuntimeException with XNNPACK's status and the node named
                    assertTrue(String.valueOf(e.getMessage()).contains("xnn_"), "case " + c + " (" + what + ") on "
                            + backend.name() + ": unexpected " + e);
                    allRan = false;
                }
            }
            if (allRan) {
                ran++;
            } else {
                refused++;
            }
        }
        System.out.println(model + ": " + CASES + " mutations (" + structured.slotCount() + " schema fields to pick "
                + "from), " + ran + " ran on both backends, " + refused + " refused cleanly, 0 crashes");
        assertTrue(ran + refused == CASES);
    }

    private static byte[] mutate(byte[] original, SplittableRandom r) {
        byte[] b = original.clone();
        int kind = r.nextInt(5);
        int n = b.length;
        // the tables and vectors that describe the graph sit mostly near the start and the end of the file
        int pos = r.nextInt(3) == 0 ? r.nextInt(n) : r.nextBoolean() ? r.nextInt(Math.min(4096, n))
                : n - 1 - r.nextInt(Math.min(4096, n));
        pos = Math.max(8, Math.min(pos, n - 5));
        switch (kind) {
            case 0:
                for (int i = 0; i < 1 + r.nextInt(8); i++) {
                    int p = Math.max(8, Math.min(n - 1, pos + r.nextInt(64)));
                    b[p] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            case 1: {
                int[] values = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x10000, r.nextInt()};
                int v = values[r.nextInt(values.length)];
                int p = pos & ~3;
                b[p] = (byte) v;
                b[p + 1] = (byte) (v >> 8);
                b[p + 2] = (byte) (v >> 16);
                b[p + 3] = (byte) (v >> 24);
                return b;
            }
            case 2:
                return Arrays.copyOf(b, 8 + r.nextInt(n - 8));
            case 3: {
                int len = 1 + r.nextInt(256);
                int from = r.nextInt(Math.max(1, n - len));
                System.arraycopy(original, from, b, Math.min(pos, n - len), len);
                return b;
            }
            default: {
                for (int i = 0; i < 16; i++) {
                    b[Math.max(8, Math.min(n - 1, pos + i))] = (byte) r.nextInt(256);
                }
                return b;
            }
        }
    }
}
