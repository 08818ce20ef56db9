package org.mobilenet4j.backend.xnnpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.Ranking;
import org.mobilenet4j.TestData;
import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.arch.MobileNetSpec;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.InvalidModelException;
import org.mobilenet4j.model.UnsupportedModelException;
import org.mobilenet4j.tflite.TfliteImporter;

/**
 * The XNNPACK backend against the reference executor (the oracle) and TFLite's golden tensors. Float
 * tolerance: 1e-4 absolute on probabilities (XNNPACK sums in another order and uses FMA). uint8: XNNPACK
 * requantizes in fp32 where TFLite uses fixed point, so outputs may differ by a few steps; the top class
 * must not.
 */
class XnnpackBackendTest {

    private static final XnnpackBackend XNNPACK = new XnnpackBackend();

    private static byte[] run(Executable exe, byte[] input) {
        Graph g = exe.graph();
        ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
        in.put(input).flip();
        ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
        exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    private static float[] floats(byte[] b) {
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).asFloatBuffer().get(f);
        return f;
    }

    @Test
    void nativesLoadFromTheJarNotTheSystem() throws IOException {
        assertNull(XnnpackBackend.unavailableReason());
        List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
        // XNNPACK and pthreadpool are linked into the JNI library; cpuinfo is the copy bundled beside it
        List<String> natives = maps.stream().filter(l -> l.contains("libjniXnnpackNative") || l.contains("libcpuinfo"))
                .map(l -> l.substring(l.indexOf('/'))).distinct().collect(Collectors.toList());
        assertTrue(natives.stream().anyMatch(p -> p.contains("libjniXnnpackNative")), "JNI library mapped: " + natives);
        assertTrue(natives.stream().anyMatch(p -> p.contains("libcpuinfo")), "cpuinfo mapped: " + natives);
        for (String path : natives) {
            assertFalse(path.startsWith("/usr/") || path.startsWith("/lib"), "native library loaded from " + path);
        }
        assertFalse(maps.stream().anyMatch(l -> l.contains("libXNNPACK") || l.contains("libpthreadpool")),
                "a system XNNPACK or pthreadpool is mapped");
    }

    @Test
    void reportsTheBundledNativeVersions() {
        String v = XnnpackBackend.nativeVersions();
        assertTrue(v.contains("XNNPACK 0.0~git20241108.4ea82e5"), v);
        assertTrue(v.contains("pthreadpool 0.0~git20240616.560c60d"), v);
        assertTrue(v.matches("(?s).*cpuinfo 0\\.0~git\\d{8}\\.[0-9a-f]{7}.*"), v);
        assertTrue(v.contains("platform " + org.bytedeco.javacpp.Loader.getPlatform()), v);
        String isa = XnnpackBackend.isa();
        String arch = System.getProperty("os.arch");
        String expected = arch.equals("amd64") ? "x86-64:" : arch.equals("aarch64") ? "arm64:" : "arm:";
        assertTrue(isa.startsWith(expected), isa);
        if (arch.equals("amd64")) {
            assertTrue(isa.contains("sse4.1"), "every x86-64 CPU XNNPACK targets has SSE4.1: " + isa);
        } else {
            assertTrue(isa.contains("neon"), isa);
        }
    }

    @ParameterizedTest(name = "float {0} {1}/{2} matches the reference")
    @CsvSource({"v1, 0.25, 128", "v2, 0.5, 96", "v3-large, 0.75, 128", "v3-small, 1.0, 128", "v3-large-min, 1.0, 96",
        "v3-small-min, 0.75, 160"})
    void floatMatchesReference(String arch, double alpha, int resolution) {
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.fromName(arch), alpha, resolution), 5);
        byte[] input = new byte[(int) g.inputType(0).byteSize()];
        ByteBuffer b = ByteBuffer.wrap(input).order(ByteOrder.nativeOrder());
        for (int i = 0; i < input.length / 4; i++) {
            b.putFloat((float) Math.sin(i * 0.37));
        }
        float[] expected;
        float[] actual;
        try (Executable ref = new ReferenceBackend().compile(g, BackendOptions.defaults());
             Executable xnn = XNNPACK.compile(g, new BackendOptions(2))) {
            expected = floats(run(ref, input));
            actual = floats(run(xnn, input));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4f, "class " + i);
        }
    }

    @Test
    void yieldingWorkersGiveTheSameResults() {
        // -Dmobilenet4j.xnnpack.yieldWorkers=true: after each inference the 2-thread pool's workers are sent to
        // sleep and woken by the next; the bytes must not change and nothing may hang across many calls
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.V2, 0.35, 96), 9);
        byte[] input = new byte[(int) g.inputType(0).byteSize()];
        ByteBuffer b = ByteBuffer.wrap(input).order(ByteOrder.nativeOrder());
        for (int i = 0; i < input.length / 4; i++) {
            b.putFloat((float) Math.cos(i * 0.11));
        }
        byte[] spinning;
        try (Executable xnn = XNNPACK.compile(g, new BackendOptions(2))) {
            spinning = run(xnn, input);
        }
        String before = System.setProperty(XnnpackExecutable.YIELD_WORKERS_PROPERTY, "true");
        try (Executable xnn = XNNPACK.compile(g, new BackendOptions(2))) {
            for (int k = 0; k < 50; k++) {
                assertArrayEquals(spinning, run(xnn, input), "call " + k);
            }
        } finally {
            if (before == null) {
                System.clearProperty(XnnpackExecutable.YIELD_WORKERS_PROPERTY);
            } else {
                System.setProperty(XnnpackExecutable.YIELD_WORKERS_PROPERTY, before);
            }
        }
    }

    @ParameterizedTest(name = "float golden v1 0.25_128 {0}")
    @CsvSource({"cup", "banana"})
    void floatGolden(String image) throws IOException {
        Graph g = TfliteImporter.read(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128.tflite")).graph();
        byte[] input = Files.readAllBytes(TestData.file("golden/aosp-mlts/mobilenet_float/" + image + "_128.input"));
        float[] golden = floats(Files.readAllBytes(
                TestData.file("golden/aosp-mlts/mobilenet_float/" + image + "_0.25_128.output")));
        try (Executable xnn = XNNPACK.compile(g, BackendOptions.defaults())) {
            float[] ours = floats(run(xnn, input));
            for (int i = 0; i < ours.length; i++) {
                assertEquals(golden[i], ours[i], 1e-5f, "class " + i);
            }
        }
    }

    @ParameterizedTest(name = "uint8 golden {0} on {1}")
    @CsvSource({
        "mobilenet_v1_0.25_128_quant, cup_128, cup_0.25_128",
        "mobilenet_v1_0.25_128_quant, banana_128, banana_0.25_128",
        "mobilenet_v1_0.5_160_quant, cup_160, cup_0.5_160",
        "mobilenet_v1_0.5_160_quant, banana_160, banana_0.5_160",
        "mobilenet_v1_0.75_192_quant, cup_192, cup_0.75_192",
        "mobilenet_v1_0.75_192_quant, banana_192, banana_0.75_192",
        "mobilenet_v2_1.0_224_quant, cup_224, cup_v2_1.0_224",
        "mobilenet_v2_1.0_224_quant, banana_224, banana_v2_1.0_224"})
    void uint8Golden(String model, String input, String output) throws IOException {
        Graph g = TfliteImporter.read(TestData.file("models/aosp-mlts/" + model + ".tflite")).graph();
        byte[] in = Files.readAllBytes(TestData.file("golden/aosp-mlts/mobilenet_quantized/" + input + ".input"));
        byte[] golden = Files.readAllBytes(TestData.file("golden/aosp-mlts/mobilenet_quantized/" + output + ".output"));
        try (Executable xnn = XNNPACK.compile(g, BackendOptions.defaults())) {
            byte[] ours = run(xnn, in);
            int worst = 0;
            for (int i = 0; i < ours.length; i++) {
                worst = Math.max(worst, Math.abs((ours[i] & 0xff) - (golden[i] & 0xff)));
            }
            assertTrue(worst <= 8, "max difference " + worst + " steps");
            int[] g5 = Ranking.top5(golden);
            int[] o5 = Ranking.top5(ours);
            assertEquals(g5[0], o5[0], "top-1");
            long shared = IntStream.of(o5).filter(c -> IntStream.of(g5).anyMatch(x -> x == c)).count();
            assertTrue(shared >= 4, "top-5 share " + shared);
        }
    }

    @Test
    void runAfterCloseThrowsAndCloseIsIdempotent() {
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.V1, 0.25, 128));
        Executable exe = XNNPACK.compile(g, BackendOptions.defaults());
        exe.close();
        exe.close();
        assertThrows(IllegalStateException.class, () -> run(exe, new byte[(int) g.inputType(0).byteSize()]));
    }

    @Test
    void xnnpackErrorsNameTheNode() {
        // A uint8 reshape whose output has another scale: graph validation refuses it (InvalidModelException),
        // and XNNPACK itself refuses it too (a reshape must keep the quantization). Built here past the
        // validation, to check that a status XNNPACK returns names the node it failed on.
        GraphBuilder b = new GraphBuilder("bad");
        int x = b.input("x", new TensorType(new int[] {1, 4}, org.mobilenet4j.graph.DataType.UINT8,
                org.mobilenet4j.graph.Quantization.perTensor(0.1f, 0)));
        int y = b.tensor("y", new TensorType(new int[] {2, 2}, org.mobilenet4j.graph.DataType.UINT8,
                org.mobilenet4j.graph.Quantization.perTensor(0.2f, 0)), null);
        b.addNode(new Op.Reshape(), new int[] {x}, new int[] {y}, "rescaling reshape");
        b.output(y);
        Graph g = b.build();
        InvalidModelException invalid = assertThrows(InvalidModelException.class,
                () -> XNNPACK.compile(g, BackendOptions.defaults()));
        assertTrue(invalid.getMessage().contains("rescaling reshape"), invalid.getMessage());
        RuntimeException e = assertThrows(RuntimeException.class, () -> new XnnpackExecutable(g, 1).close());
        assertTrue(e.getMessage().contains("node 0 (Reshape 'rescaling reshape')"), e.getMessage());
        assertTrue(e.getMessage().contains("xnn_"), e.getMessage());
    }

    @Test
    void invalidGraphsAreRefusedBeforeNativeCode() {
        GraphBuilder b = new GraphBuilder("bad");
        int x = b.input("x", TensorType.float32(1, 4));
        b.output(b.unary("inverted clamp", new Op.Clamp(6, 0), x));
        Graph g = b.build();
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> XNNPACK.compile(g, BackendOptions.defaults()));
        assertTrue(e.getMessage().contains("node 0 (Clamp 'inverted clamp'): min 6.0 above max 0.0"), e.getMessage());
    }

    @Test
    void otherByteOrdersAreConverted() {
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.V1, 0.25, 128), 2);
        int n = (int) g.inputType(0).elementCount();
        ByteBuffer le = TensorBuffers.allocate(g.inputType(0));
        ByteBuffer be = ByteBuffer.allocateDirect(n * 4 + 16).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) {
            le.putFloat((float) Math.sin(i));
            be.putFloat((float) Math.sin(i));
        }
        le.flip();
        be.flip();
        try (Executable exe = XNNPACK.compile(g, BackendOptions.defaults())) {
            ByteBuffer outLe = TensorBuffers.allocate(g.outputType(0));
            ByteBuffer outBe = ByteBuffer.allocate((int) g.outputType(0).byteSize()).order(ByteOrder.BIG_ENDIAN);
            exe.run(new ByteBuffer[] {le}, new ByteBuffer[] {outLe});
            exe.run(new ByteBuffer[] {be}, new ByteBuffer[] {outBe});
            for (int i = 0; i < 1001; i++) {
                assertEquals(outLe.getFloat(i * 4), outBe.getFloat(i * 4), 0f, "class " + i);
            }
        }
    }

    @Test
    void foreignBuffersAreStagedAndManyThreadsShareOneExecutable() throws Exception {
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.V2, 0.35, 96), 9);
        int n = (int) g.inputType(0).byteSize();
        List<byte[]> inputs = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            byte[] in = new byte[n];
            ByteBuffer bb = ByteBuffer.wrap(in).order(ByteOrder.nativeOrder());
            for (int i = 0; i < n / 4; i++) {
                bb.putFloat((float) Math.cos(i * 0.01 * (k + 1)));
            }
            inputs.add(in);
        }
        try (Executable exe = XNNPACK.compile(g, BackendOptions.defaults())) {
            List<byte[]> alone = new ArrayList<>();
            for (byte[] in : inputs) {
                alone.add(run(exe, in));
            }
            // heap buffers (no direct address, no padding) go through staging
            ByteBuffer heapIn = ByteBuffer.allocate(n).order(ByteOrder.nativeOrder());
            heapIn.put(inputs.get(0)).flip();
            ByteBuffer heapOut = ByteBuffer.allocate((int) g.outputType(0).byteSize()).order(ByteOrder.nativeOrder());
            exe.run(new ByteBuffer[] {heapIn}, new ByteBuffer[] {heapOut});
            assertEquals(ByteBuffer.wrap(alone.get(0)), heapOut);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<byte[]>> futures = new ArrayList<>();
                for (int i = 0; i < 48; i++) {
                    byte[] in = inputs.get(i % inputs.size());
                    futures.add(pool.submit(() -> run(exe, in)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    assertEquals(ByteBuffer.wrap(alone.get(i % inputs.size())), ByteBuffer.wrap(futures.get(i).get()));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A buffer from TensorBuffers.allocate is read in place even after clear() (its capacity, not its limit,
     * holds the padding); the runtime re-binds when the caller brings another buffer and reads what the bound
     * one holds at each call; buffers it cannot bind (heap, no padding) are copied.
     */
    @Test
    void buffersAreBoundInPlaceUntilTheCallerBringsOthers() {
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.V1, 0.25, 128), 5);
        int n = (int) g.inputType(0).elementCount();
        float[][] images = new float[3][n];
        for (int k = 0; k < images.length; k++) {
            for (int i = 0; i < n; i++) {
                images[k][i] = (float) Math.sin(i * 0.003 * (k + 1));
            }
        }
        try (Executable any = XNNPACK.compile(g, BackendOptions.defaults())) {
            XnnpackExecutable exe = (XnnpackExecutable) any;
            byte[][] expected = new byte[images.length][];
            for (int k = 0; k < images.length; k++) {
                ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
                in.asFloatBuffer().put(images[k]);
                expected[k] = run(exe, toBytes(in));
            }
            long staged = exe.stagedCopies();
            ByteBuffer a = TensorBuffers.allocate(g.inputType(0));
            ByteBuffer b = TensorBuffers.allocate(g.inputType(0));
            ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
            a.clear().asFloatBuffer().put(images[0]);
            b.clear().asFloatBuffer().put(images[1]);
            exe.run(new ByteBuffer[] {a}, new ByteBuffer[] {out});
            assertEquals(ByteBuffer.wrap(expected[0]), out, "first image");
            a.asFloatBuffer().put(images[2]);
            exe.run(new ByteBuffer[] {a}, new ByteBuffer[] {out});
            assertEquals(ByteBuffer.wrap(expected[2]), out, "the bound buffer rewritten in place");
            exe.run(new ByteBuffer[] {b}, new ByteBuffer[] {out});
            assertEquals(ByteBuffer.wrap(expected[1]), out, "another buffer");
            exe.run(new ByteBuffer[] {a}, new ByteBuffer[] {out});
            assertEquals(ByteBuffer.wrap(expected[2]), out, "the first buffer again");
            assertEquals(staged, exe.stagedCopies(), "allocated buffers, cleared or not, are bound without a copy");

            ByteBuffer heap = ByteBuffer.allocate(n * 4).order(ByteOrder.nativeOrder());
            heap.asFloatBuffer().put(images[1]);
            exe.run(new ByteBuffer[] {heap}, new ByteBuffer[] {out});
            assertEquals(ByteBuffer.wrap(expected[1]), out, "heap input");
            ByteBuffer unpadded = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
            unpadded.asFloatBuffer().put(images[0]);
            exe.run(new ByteBuffer[] {unpadded}, new ByteBuffer[] {out});
            assertEquals(ByteBuffer.wrap(expected[0]), out, "direct input without padding");
            assertEquals(staged + 2, exe.stagedCopies(), "a heap buffer and one without padding are copied");
            exe.run(new ByteBuffer[] {a}, new ByteBuffer[] {out});
            assertEquals(ByteBuffer.wrap(expected[2]), out, "bound in place again after staging");
        }
    }

    private static byte[] toBytes(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return bytes;
    }
}
