package org.mobilenet4j.backend.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.FloatRun;
import org.mobilenet4j.TestData;
import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.arch.MobileNetSpec;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.tflite.TfliteImporter;

/**
 * The OpenBLAS backend against the reference executor (the oracle) and TFLite's golden tensors. Tolerance
 * 1e-4 absolute: GEMM sums in another order than the reference's plain loops. Layer shapes that take other
 * paths than MobileNet's (im2col with dilation and stride, depth multiplier 2, batch 3, no activation) are
 * checked on small graphs with random weights, where outputs are not squashed by a softmax.
 */
class OpenblasBackendTest {
    private static final OpenblasBackend OPENBLAS = new OpenblasBackend();

    private static float[] wave(long n) {
        float[] f = new float[(int) n];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.sin(i * 0.37);
        }
        return f;
    }

    private static void assertClose(float[] expected, float[] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }

    private static void matchesReference(Graph g, int threads, float tolerance) {
        float[] input = wave(g.inputType(0).elementCount());
        try (Executable ref = new ReferenceBackend().compile(g, BackendOptions.defaults());
             Executable blas = OPENBLAS.compile(g, new BackendOptions(threads))) {
            assertClose(FloatRun.run(ref, input), FloatRun.run(blas, input), tolerance);
        }
    }

    @Test
    void loadsFromBytedecosJar() {
        assertNull(OpenblasBackend.unavailableReason());
    }

    @ParameterizedTest(name = "float {0} {1}/{2} matches the reference on {3} thread(s)")
    @CsvSource({"v1, 0.25, 128, 1", "v1, 1.0, 224, 2", "v2, 0.5, 96, 1", "v3-large, 0.75, 128, 2",
        "v3-small, 1.0, 128, 1", "v3-small-min, 0.75, 160, 2"})
    void mobileNetsMatchReference(String arch, double alpha, int resolution, int threads) {
        matchesReference(MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.fromName(arch), alpha,
                resolution), 5), threads, 1e-4f);
    }

    @ParameterizedTest(name = "conv {0}x{0} stride {1} dilation {2} {3}, depthwise multiplier {4}, batch {5}")
    @CsvSource({"3, 2, 1, SAME, 1, 1", "3, 1, 2, SAME, 2, 1", "1, 2, 1, VALID, 1, 2", "5, 1, 1, VALID, 2, 3",
        "1, 1, 1, SAME, 1, 3"})
    void layerShapesMatchReference(int k, int stride, int dilation, Padding padding, int multiplier, int batch) {
        Random r = new Random(k * 31 + stride * 7 + multiplier + batch);
        GraphBuilder b = new GraphBuilder("shapes");
        int x = b.input("x", TensorType.float32(batch, 13, 11, 5));
        int f = b.constant("f", random(r, 6 * k * k * 5), 6, k, k, 5);
        int bias = b.constant("b", random(r, 6), 6);
        int y = b.tensor("y", TensorType.float32(batch, padding.outputSize(13, k, stride, dilation),
                padding.outputSize(11, k, stride, dilation), 6), null);
        b.addNode(new Op.Conv2d(stride, stride, padding, dilation, dilation, Activation.NONE), new int[] {x, f, bias},
                new int[] {y}, "conv");
        TensorType yt = b.type(y);
        int df = b.constant("df", random(r, 9 * 6 * multiplier), 1, 3, 3, 6 * multiplier);
        int z = b.tensor("z", TensorType.float32(batch, yt.dim(1), yt.dim(2), 6 * multiplier), null);
        b.addNode(new Op.DepthwiseConv2d(1, 1, Padding.SAME, 1, 1, multiplier, Activation.RELU6),
                new int[] {y, df, -1}, new int[] {z}, "depthwise");
        int flat = (int) b.type(z).elementCount() / batch;
        int fc = b.constant("fc", random(r, 7 * flat), 7, flat);
        int out = b.tensor("out", TensorType.float32(batch, 7), null);
        b.addNode(new Op.FullyConnected(Activation.RELU), new int[] {z, fc, -1}, new int[] {out}, "fc");
        b.output(out);
        matchesReference(b.build(), 1, 1e-4f);
    }

    /**
     * Dilations far larger than the image under SAME padding: most taps fall outside it, and the window of a
     * tap can start left of the image by more than a whole row (issue 14: it read out of bounds).
     */
    @ParameterizedTest(name = "depthwise {0}x{1} dilation {2} stride {3} multiplier {4} on {5}x{6}")
    @CsvSource({"3, 3, 2, 1, 1, 5, 5", "3, 3, 7, 1, 1, 5, 5", "3, 3, 64, 1, 1, 9, 3", "5, 1, 64, 2, 1, 13, 4",
        "3, 3, 64, 1, 2, 5, 5", "1, 5, 33, 1, 1, 4, 30"})
    void depthwiseWithLargeDilationMatchesReference(int kh, int kw, int dilation, int stride, int multiplier,
                                                    int h, int w) {
        Random r = new Random(kh * 131 + dilation * 7 + h);
        GraphBuilder b = new GraphBuilder("dilated");
        int x = b.input("x", TensorType.float32(2, h, w, 3));
        int f = b.constant("f", random(r, kh * kw * 3 * multiplier), 1, kh, kw, 3 * multiplier);
        int bias = b.constant("b", random(r, 3 * multiplier), 3 * multiplier);
        int y = b.tensor("y", TensorType.float32(2, Padding.SAME.outputSize(h, kh, stride, dilation),
                Padding.SAME.outputSize(w, kw, stride, dilation), 3 * multiplier), null);
        b.addNode(new Op.DepthwiseConv2d(stride, stride, Padding.SAME, dilation, dilation, multiplier,
                Activation.NONE), new int[] {x, f, bias}, new int[] {y}, "depthwise");
        b.output(y);
        matchesReference(b.build(), 1, 1e-5f);
    }

    private static float[] random(Random r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextGaussian() * 0.3f;
        }
        return f;
    }

    @ParameterizedTest(name = "float golden v1 0.25_128 {0}")
    @CsvSource({"cup", "banana"})
    void floatGolden(String image) throws IOException {
        Graph g = TfliteImporter.read(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128.tflite")).graph();
        byte[] raw = Files.readAllBytes(TestData.file("golden/aosp-mlts/mobilenet_float/" + image + "_128.input"));
        float[] input = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(input);
        byte[] out = Files.readAllBytes(TestData.file("golden/aosp-mlts/mobilenet_float/" + image + "_0.25_128.output"));
        float[] golden = new float[out.length / 4];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(golden);
        try (Executable blas = OPENBLAS.compile(g, BackendOptions.defaults())) {
            assertClose(golden, FloatRun.run(blas, input), 1e-5f);
        }
    }

    @Test
    void quantizedGraphRunsDequantized() {
        Graph g = TfliteImporter.read(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite")).graph();
        try (Executable blas = OPENBLAS.compile(g, BackendOptions.defaults())) {
            assertEquals(g.inputType(0), blas.graph().inputType(0), "the quantized input is kept");
            assertEquals(org.mobilenet4j.graph.DataType.FLOAT32, blas.graph().outputType(0).dataType());
        }
    }

    /**
     * OpenBLAS's thread count is process-wide: executables with 1 and 2 threads, each used by 3 threads at
     * once, give the results they give alone (the count changes only while no GEMM runs).
     */
    @Test
    void differentThreadCountsShareOpenblasSafely() throws Exception {
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.V1, 0.5, 128), 3);
        float[] input = wave(g.inputType(0).elementCount());
        try (Executable one = OPENBLAS.compile(g, new BackendOptions(1));
             Executable two = OPENBLAS.compile(g, new BackendOptions(2))) {
            float[] expected = FloatRun.run(one, input);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                java.util.List<java.util.concurrent.Future<float[]>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    Executable exe = i % 2 == 0 ? one : two;
                    results.add(pool.submit(() -> FloatRun.run(exe, input)));
                }
                for (java.util.concurrent.Future<float[]> r : results) {
                    assertClose(expected, r.get(), 1e-5f);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closeIsIdempotentAndRunAfterCloseThrows() {
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.V1, 0.25, 128), 1);
        Executable blas = OPENBLAS.compile(g, BackendOptions.defaults());
        float[] input = wave(g.inputType(0).elementCount());
        FloatRun.run(blas, input);
        blas.close();
        blas.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FloatRun.run(blas, input));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertTrue(org.mobilenet4j.backend.Backends.names().contains("openblas"));
    }
}
