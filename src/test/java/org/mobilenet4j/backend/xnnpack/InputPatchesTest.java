package org.mobilenet4j.backend.xnnpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.ops.OpCase;
import org.mobilenet4j.backend.ops.OpCases;
import org.mobilenet4j.backend.ops.OpRun;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.vision.ImagePreprocessor;
import org.mobilenet4j.vision.imageio.Images;

/**
 * 8-bit images handed to XNNPACK as patches (native/mobilenet4j_patches.h) give the same output bytes as
 * XNNPACK's own indirect convolution, on every platform ({@link PatchMode#ALWAYS} against {@link PatchMode#NEVER}):
 * every uint8 and int8 convolution case of the per-op suite (1, 3, 5 and 8 channels; 1x1, 3x3 and 2x3 windows;
 * strides, dilation 2, SAME and VALID padding, batch 2; 1 and 2 threads) and every quantized model in
 * ../shared on real images. On x86-64 the default ({@link PatchMode#AUTO}) hands RGB first layers over, and
 * nothing elsewhere.
 */
class InputPatchesTest {

    @BeforeAll
    static void nativeLibraryLoads() {
        Assumptions.assumeTrue(XnnpackBackend.unavailableReason() == null, XnnpackBackend::unavailableReason);
    }

    static Stream<Arguments> quantizedConvolutions() {
        List<OpCase> cases = TestData.full() ? OpCases.all() : OpCases.sampled();
        return cases.stream()
                .filter(c -> c.graph().nodes().get(0).op() instanceof Op.Conv2d)
                .filter(c -> c.graph().inputType(0).dataType().isQuantized8())
                .flatMap(c -> Stream.of(Arguments.of(c, 1), Arguments.of(c, 2)));
    }

    @ParameterizedTest(name = "{0}, {1} thread(s)")
    @MethodSource("quantizedConvolutions")
    void patchesGiveTheIndirectConvolutionsBytes(OpCase c, int threads) {
        try (XnnpackExecutable exe = compile(c.graph(), threads, PatchMode.ALWAYS)) {
            assertEquals(1, exe.inputPatches(), "the image input goes over as patches");
        }
        OpRun.Output want = OpRun.run(backend(PatchMode.NEVER, threads), c.graph(), c.inputs());
        OpRun.Output got = OpRun.run(backend(PatchMode.ALWAYS, threads), c.graph(), c.inputs());
        assertArrayEquals(want.stored(), got.stored(), c.name());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "aosp-mlts/mobilenet_v1_0.25_128_quant.tflite",
        "aosp-mlts/mobilenet_v1_0.5_160_quant.tflite",
        "aosp-mlts/mobilenet_v1_0.75_192_quant.tflite",
        "aosp-mlts/mobilenet_v2_1.0_224_quant.tflite",
        "aosp-mlts/mobilenet_v3-small_224_1.0_uint8.tflite",
        "aosp-mlts/mobilenet_v3-large-minimalistic_224_1.0_uint8.tflite",
        "coral/tf2_mobilenet_v2_1.0_224_ptq.tflite"})
    void realModelsGiveTheSameBytes(String model) throws Exception {
        Graph g = TfliteImporter.read(TestData.file("models/" + model)).graph();
        ImagePreprocessor pre = new ImagePreprocessor(g.inputType(0), null, new float[] {127.5f},
                new float[] {127.5f}, 0.875);
        byte[] random = new byte[Math.toIntExact(g.inputType(0).byteSize())];
        new SplittableRandom(7).nextBytes(random);
        List<byte[]> inputs = List.of(pre.encode(Images.read(TestData.file("images/grace_hopper.jpg")), null),
                pre.encode(Images.read(TestData.file("images/cat.bmp")), null), random);
        try (XnnpackExecutable never = compile(g, 1, PatchMode.NEVER);
             XnnpackExecutable always = compile(g, 2, PatchMode.ALWAYS);
             XnnpackExecutable auto = compile(g, 1, PatchMode.AUTO)) {
            // the TF2 file quantizes its uint8 image to int8 first: its convolution reads no graph input
            int direct = (int) g.nodes().stream()
                    .filter(n -> n.op() instanceof Op.Conv2d && n.input(0) == g.inputs()[0]).count();
            assertEquals(model.startsWith("coral/tf2") ? 0 : 1, direct);
            assertEquals(0, never.inputPatches());
            assertEquals(direct, always.inputPatches(), "the RGB first layer reads patches");
            assertEquals(isX86() ? direct : 0, auto.inputPatches(), "auto: x86-64 only");
            for (byte[] in : inputs) {
                byte[] want = run(never, g, in);
                assertArrayEquals(want, run(always, g, in), model);
                assertArrayEquals(want, run(auto, g, in), model);
            }
        }
    }

    @Test
    void floatModelsKeepTheIndirectConvolution() {
        Graph g = TfliteImporter.read(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128.tflite")).graph();
        try (XnnpackExecutable exe = compile(g, 1, PatchMode.ALWAYS)) {
            assertEquals(0, exe.inputPatches());
        }
    }

    @Test
    void anUnknownModeNamesTheProperty() {
        String before = System.getProperty(PatchMode.PROPERTY);
        System.setProperty(PatchMode.PROPERTY, "sometimes");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, PatchMode::fromProperty);
            assertTrue(e.getMessage().contains(PatchMode.PROPERTY + "=sometimes"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(PatchMode.PROPERTY);
            } else {
                System.setProperty(PatchMode.PROPERTY, before);
            }
        }
    }

    private static boolean isX86() {
        return XnnpackBackend.isa().startsWith("x86-64");
    }

    private static XnnpackExecutable compile(Graph g, int threads, PatchMode mode) {
        return XnnpackBackend.compile(g, new BackendOptions(threads), false, mode);
    }

    private static Backend backend(PatchMode mode, int threads) {
        return new Backend() {
            @Override
            public String name() {
                return "xnnpack-patches-" + mode;
            }

            @Override
            public Executable compile(Graph graph, BackendOptions options) {
                return InputPatchesTest.compile(graph, threads, mode);
            }
        };
    }

    private static byte[] run(Executable exe, Graph g, byte[] input) {
        ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
        in.put(0, input);
        ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
        exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
        byte[] bytes = new byte[Math.toIntExact(g.outputType(0).byteSize())];
        out.get(0, bytes);
        return bytes;
    }
}
