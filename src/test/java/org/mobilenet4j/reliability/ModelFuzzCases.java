package org.mobilenet4j.reliability;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.openblas.OpenblasBackend;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.backend.xnnpack.XnnpackBackend;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.model.ModelException;
import org.mobilenet4j.tflite.TfliteImporter;

/**
 * One batch of fuzzed models, run in a child JVM by {@link ModelFuzzTest} so that a native abort, a hang or an
 * OutOfMemoryError is seen and attributed to its case: each case's description is printed (and flushed)
 * before it runs. A case is a mutated copy of a .tflite file; a third raw byte mutations, a third schema
 * field mutations, a third parameter mutations ({@link StructuredMutator}). If it imports, it is compiled and
 * run on XNNPACK, OpenBLAS and the reference backend. Clean outcomes: a {@link ModelException} (import or
 * memory budget), IllegalArgumentException, UnsupportedOperationException, IllegalStateException, or a native
 * error naming the XNNPACK call; unclean: any of those caused by an index, array-size, null or arithmetic
 * error (a kernel bug behind a clean-looking exception), any other exception, any Error. Exit status 0 if
 * every case was clean.
 *
 * <p>Arguments: model file, number of cases, seed.
 */
final class ModelFuzzCases {
    private ModelFuzzCases() {
    }

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args[0]);
        int cases = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        PrintStream out = System.out;
        byte[] original = Files.readAllBytes(model);
        SplittableRandom r = new SplittableRandom(seed);
        StructuredMutator structured = new StructuredMutator(original);
        Backend[] backends = {new XnnpackBackend(), new OpenblasBackend(), new ReferenceBackend()};
        int imported = 0;
        int ranEverywhere = 0;
        int failures = 0;
        long start = System.nanoTime();
        for (int c = 0; c < cases; c++) {
            StringBuilder what = new StringBuilder();
            int kind = c % 3;
            byte[] b = kind == 0 ? mutateBytes(original, r, what) : kind == 1 ? structured.mutate(r, what)
                    : structured.mutateParameters(r, what);
            out.println("case " + c + ": " + what);
            out.flush();
            Graph g;
            try {
                g = TfliteImporter.read(ByteBuffer.wrap(b), "case " + c);
            } catch (ModelException e) {
                continue;
            } catch (Throwable e) {
                failures++;
                out.println("FAIL case " + c + " (" + what + ") at import: " + e);
                continue;
            }
            imported++;
            int ran = 0;
            for (Backend backend : backends) {
                try (Executable exe = backend.compile(g, BackendOptions.defaults())) {
                    ByteBuffer in = TensorBuffers.allocate(exe.graph().inputType(0));
                    ByteBuffer o = TensorBuffers.allocate(exe.graph().outputType(0));
                    exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {o});
                    ran++;
                } catch (Throwable e) {
                    if (!isClean(e)) {
                        failures++;
                        out.println("FAIL case " + c + " (" + what + ") on " + backend.name() + ": " + e);
                        e.printStackTrace(out);
                    }
                }
            }
            ranEverywhere += ran == backends.length ? 1 : 0;
        }
        out.printf("summary %s: %d cases, %d imported, %d ran on all three backends, %d failures, %.1f s%n",
                model.getFileName(), cases, imported, ranEverywhere, failures, (System.nanoTime() - start) / 1e9);
        out.flush();
        System.exit(failures == 0 ? 0 : 1);
    }

    static boolean isClean(Throwable e) {
        if (!(e instanceof ModelException || e instanceof IllegalArgumentException
                || e instanceof UnsupportedOperationException || e instanceof IllegalStateException
                || e instanceof RuntimeException && String.valueOf(e.getMessage()).contains("xnn_"))) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IndexOutOfBoundsException || t instanceof NegativeArraySizeException
                    || t instanceof NullPointerException || t instanceof ArithmeticException
                    || t instanceof ClassCastException || t instanceof Error) {
                return false;
            }
        }
        return true;
    }

    /** Raw byte mutations: bit flips, words set to 0 / -1 / huge values, truncation, copied spans. */
    static byte[] mutateBytes(byte[] original, SplittableRandom r, StringBuilder what) {
        byte[] b = original.clone();
        int kind = r.nextInt(5);
        int n = b.length;
        // the tables and vectors that describe the graph sit mostly near the start and the end of the file
        int pos = r.nextInt(3) == 0 ? r.nextInt(n) : r.nextBoolean() ? r.nextInt(Math.min(4096, n))
                : n - 1 - r.nextInt(Math.min(4096, n));
        pos = Math.max(8, Math.min(pos, n - 5));
        what.append("bytes kind ").append(kind).append(" at ").append(pos);
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
