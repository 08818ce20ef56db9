package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.ConstantData;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.InvalidModelException;
import org.mobilenet4j.tflite.TfliteImporter;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.QuantizationParametersT;

/**
 * Issue 14, class 1: quantization parameters a backend cannot run. A uint8 model whose first convolution has
 * an extreme scale on its input, filter or output made XNNPACK's requantization assertion abort the JVM
 * (SIGABRT) on the default backend: every such file is now refused at import with an InvalidModelException
 * naming the node and the ratio (had the check been missing, this test's JVM would have died). Zero points
 * outside their type's range and per-channel arrays that do not fit are refused too; ratios just inside the
 * limits still run, on XNNPACK as on the reference.
 */
class QuantizationLimitsTest {
    private static final String MODEL = "models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite";
    /** The first operator, a 3x3 CONV_2D: its input, filter, bias and output tensors in the file. */
    private static final int INPUT = 88;
    private static final int FILTER = 8;
    private static final int OUTPUT = 7;

    private static byte[] withQuantization(int tensor, Consumer<QuantizationParametersT> change) throws IOException {
        return withQuantization(MODEL, tensor, change);
    }

    private static byte[] withQuantization(String model, int tensor, Consumer<QuantizationParametersT> change)
            throws IOException {
        byte[] original = Files.readAllBytes(TestData.file(model));
        return StructuredMutator.edit(original, (ModelT m) -> change.accept(
                m.getSubgraphs()[0].getTensors()[tensor].getQuantization()));
    }

    private static InvalidModelException refused(byte[] model) {
        return assertThrows(InvalidModelException.class, () -> TfliteImporter.read(ByteBuffer.wrap(model), "edited"));
    }

    @ParameterizedTest(name = "{0} scale {1}")
    @CsvSource({"input, 1e30", "input, 3.4028235e38", "input, 1e-30", "input, 1.17549435e-38",
        "filter, 1e30", "filter, 3.4028235e38", "filter, 1e-30", "filter, 1.17549435e-38",
        "output, 1e30", "output, 3.4028235e38", "output, 1e-30", "output, 1.17549435e-38",
        "input, 1e-10", "output, 2e-7"})
    void extremeScalesOfAConvolutionAreRefusedAtImport(String which, float scale) throws IOException {
        int tensor = which.equals("input") ? INPUT : which.equals("filter") ? FILTER : OUTPUT;
        byte[] model = withQuantization(tensor, q -> q.setScale(new float[] {scale}));
        String message = refused(model).getMessage();
        assertTrue(message.contains("node 0 (Conv2d 'MobilenetV1/MobilenetV1/Conv2d_0/Relu6')"), message);
        assertTrue(message.contains("scale") && message.contains("outside"), message);
    }

    @ParameterizedTest(name = "scale {0}")
    @CsvSource({"NaN", "-0.5", "0", "Infinity", "1e-40"})
    void scalesThatAreNotPositiveNormalFloatsAreRefused(float scale) throws IOException {
        String message = refused(withQuantization(INPUT, q -> q.setScale(new float[] {scale}))).getMessage();
        assertTrue(message.contains("tensor " + INPUT) || message.contains("#" + INPUT), message);
    }

    /** Today's attack values, each of which imported and classified (as if the zero point were 0 or 255). */
    @ParameterizedTest(name = "zero point {0}")
    @CsvSource({"-2147483648", "256", "1099511627776", "-1"})
    void zeroPointsOutsideTheirTypeAreRefused(long zeroPoint) throws IOException {
        String message = refused(withQuantization(INPUT, q -> q.setZeroPoint(new long[] {zeroPoint}))).getMessage();
        assertTrue(message.contains("#88 input") && message.contains("zero point " + zeroPoint), message);
    }

    /** The int8 model's first convolution filter: 32 output channels, one scale each along axis 0. */
    @ParameterizedTest(name = "{0} scales along axis {1}, zero point {2}")
    @CsvSource({"31, 0, 0", "33, 0, 0", "32, 3, 0", "3, 3, 0", "32, 7, 0", "32, -1, 0", "32, 0, 5", "1, 0, 3"})
    void perChannelArraysThatDoNotFitAreRefused(int count, int axis, long zeroPoint) throws IOException {
        float[] scales = new float[count];
        java.util.Arrays.fill(scales, 0.01f);
        long[] zeroPoints = new long[count];
        zeroPoints[0] = zeroPoint;
        String message = refused(withQuantization("models/coral/tf2_mobilenet_v2_1.0_224_ptq.tflite", 3, q -> {
            q.setScale(scales);
            q.setZeroPoint(zeroPoints);
            q.setQuantizedDimension(axis);
        })).getMessage();
        assertTrue(message.contains("#3 MobileNetV2/Conv2d_0_0/Conv2D"), message);
    }

    private static ConstantData bytes(int n, int v) {
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
            b.put(i, (byte) (v + i % 7));
        }
        return new ConstantData(b);
    }

    private static TensorType uint8(float scale, int zeroPoint, int... shape) {
        return new TensorType(shape, DataType.UINT8, Quantization.perTensor(scale, zeroPoint));
    }

    /** A uint8 3x3 convolution 6x6x4 -> 6x6x5 whose rescale factor is sx * sw / sy. */
    private static Graph conv(float sx, float sw, float sy) {
        GraphBuilder b = new GraphBuilder("conv");
        int x = b.input("x", uint8(sx, 128, 1, 6, 6, 4));
        int w = b.tensor("w", uint8(sw, 120, 5, 3, 3, 4), bytes(5 * 9 * 4, 100));
        ByteBuffer bias = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        int bt = b.tensor("b", new TensorType(new int[] {5}, DataType.INT32, Quantization.perTensor(sx * sw, 0)),
                new ConstantData(bias));
        int y = b.tensor("y", uint8(sy, 100, 1, 6, 6, 5), null);
        b.addNode(new Op.Conv2d(1, 1, Padding.SAME, 1, 1, Activation.NONE), new int[] {x, w, bt}, new int[] {y}, "c");
        b.output(y);
        return b.build();
    }

    private static byte[] run(Backend backend, Graph g) {
        try (Executable exe = backend.compile(g, BackendOptions.defaults())) {
            ByteBuffer in = TensorBuffers.allocate(exe.graph().inputType(0));
            for (int i = 0; i < in.limit(); i++) {
                in.put(i, (byte) (i * 37));
            }
            ByteBuffer out = TensorBuffers.allocate(exe.graph().outputType(0));
            exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
            byte[] result = new byte[out.limit()];
            out.get(0, result);
            return result;
        }
    }

    /** Just inside [2^-32, 2^8): XNNPACK runs it and agrees with the reference's TFLite arithmetic to 1. */
    @ParameterizedTest(name = "rescale factor {0}")
    @CsvSource({"0x1.0p-31", "0x1.0p-12", "0.5", "255.0"})
    void factorsJustInsideTheLimitsRunAndAgree(double factor) {
        Graph g = conv(1f, (float) factor, 1f);
        byte[] ref = run(Backends.byName("reference"), g);
        byte[] xnn = run(Backends.byName("xnnpack"), g);
        for (int i = 0; i < ref.length; i++) {
            assertTrue(Math.abs((ref[i] & 0xff) - (xnn[i] & 0xff)) <= 1, "element " + i + ": " + (ref[i] & 0xff)
                    + " vs " + (xnn[i] & 0xff));
        }
    }

    @ParameterizedTest(name = "rescale factor {0}")
    @CsvSource({"0x1.0p-33", "256.0", "1e30"})
    void factorsOutsideAreRefusedByEveryBackend(double factor) {
        Graph g = conv(1f, (float) factor, 1f);
        for (String backend : new String[] {"xnnpack", "openblas", "reference"}) {
            InvalidModelException e = assertThrows(InvalidModelException.class,
                    () -> Backends.byName(backend).compile(g, BackendOptions.defaults()));
            assertTrue(e.getMessage().contains("node 0 (Conv2d 'c')"), e.getMessage());
        }
    }

    /**
     * A global average pool's factor divided by its pixel count is the other requantization XNNPACK asserts
     * on (it aborted at 2^-8 over 8192 x 4096 pixels); refused from the shapes, before any allocation.
     */
    @Test
    void aGlobalPoolOverTooManyPixelsForItsScalesIsRefused() {
        GraphBuilder b = new GraphBuilder("pool");
        int x = b.input("x", uint8(1f / 256, 0, 1, 8192, 4096, 1));
        int y = b.tensor("y", uint8(1f, 0, 1, 1, 1, 1), null);
        b.addNode(new Op.GlobalAveragePool(), new int[] {x}, new int[] {y}, "mean");
        b.output(y);
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> Backends.byName("xnnpack").compile(b.build(), BackendOptions.defaults()));
        assertTrue(e.getMessage().contains("33554432 pixels is below 2^-32"), e.getMessage());
    }

    /** Every MobileNet file of the test data is within the limits (they are not stricter than real models). */
    @Test
    void realModelsPass() throws IOException {
        try (var files = Files.walk(TestData.file("models"))) {
            long n = files.filter(f -> f.toString().endsWith(".tflite")).peek(f -> TfliteImporter.read(f)).count();
            assertEquals(18, n);
        }
    }
}
