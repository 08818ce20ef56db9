package org.mobilenet4j.backend.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mobilenet4j.vision.imageio.Images;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.vision.ImagePreprocessor;

/**
 * The reference backend's output bytes equal TensorFlow Lite's, byte for byte, on every quantized model of
 * ../shared and real images. TFLite's outputs (builtin kernels, no delegate) were recorded by the bench jar's
 * {@code tflite-outputs} command on the first 100 images (image-0 to image-99) of the mlts-openimages data
 * set (centre crop 0.875, mobilenet4j's own resize and input encoding) into src/test/resources/tflite-outputs;
 * the manifest there names the TFLite version and, per model, the SHA-256 of all input tensors, so that a
 * change of pre-processing is reported as such rather than as a kernel difference. With the system property
 * {@code mobilenet4j.tfliteOutputs} set to a folder written by the same command over all 1490 images (the
 * {@code stress} profile sets it to target/tflite-outputs-all), every image is checked.
 */
class TfliteExactnessTest {

    private static final String RESOURCES = "/tflite-outputs/";

    static Stream<String> models() {
        return Arrays.stream(manifest().getProperty("models").split(","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void referenceOutputBytesEqualTflite(String model) throws Exception {
        Properties manifest = manifest();
        String key = model.replace(".tflite", "").replace('/', '_').replace('+', '-');
        int images = Integer.parseInt(manifest.getProperty("images"));
        double crop = Double.parseDouble(manifest.getProperty("crop"));
        int outputBytes = Integer.parseInt(manifest.getProperty("model." + key + ".outputBytes"));
        byte[] expected = expectedOutputs(key);
        assertEquals((long) images * outputBytes, expected.length, key + ": recorded outputs");

        Graph g = null;
        for (String part : model.split("\\+")) {
            Graph next = TfliteImporter.read(TestData.file("models/" + part)).graph();
            g = g == null ? next : g.then(next);
        }
        Graph graph = g;
        assertEquals(outputBytes, graph.outputType(0).byteSize(), key + ": output size");
        ImagePreprocessor pre = new ImagePreprocessor(graph.inputType(0), null, new float[] {127.5f},
                new float[] {127.5f}, crop);
        Path folder = TestData.file("datasets/mlts-openimages");
        byte[][] inputs = new byte[images][];
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Executable exe = new ReferenceBackend().compile(graph, BackendOptions.defaults())) {
            List<Future<byte[]>> outputs = new ArrayList<>();
            for (int n = 0; n < images; n++) {
                Path image = folder.resolve("image-" + n + ".jpeg");
                int index = n;
                outputs.add(pool.submit(() -> {
                    inputs[index] = pre.encode(Images.read(image), null);
                    return run(exe, graph, inputs[index]);
                }));
            }
            int differing = 0;
            int maxSteps = 0;
            int first = -1;
            boolean signed = graph.outputType(0).dataType() == DataType.INT8;
            for (int n = 0; n < images; n++) {
                byte[] ours = outputs.get(n).get();
                int steps = 0;
                for (int i = 0; i < outputBytes; i++) {
                    byte t = expected[n * outputBytes + i];
                    steps = Math.max(steps, signed ? Math.abs(ours[i] - t) : Math.abs((ours[i] & 0xff) - (t & 0xff)));
                }
                if (steps > 0) {
                    differing++;
                    maxSteps = Math.max(maxSteps, steps);
                    first = first < 0 ? n : first;
                }
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] in : inputs) {
                sha.update(in);
            }
            String inputDigest = HexFormat.of().formatHex(sha.digest());
            assertEquals(manifest.getProperty("model." + key + ".inputSha256"), inputDigest, key
                    + ": the input tensors differ from those TFLite was given: pre-processing changed, so the "
                    + "recorded outputs must be regenerated (see README, Accuracy and exactness)");
            assertEquals(0, differing, key + ": reference output bytes differ from TFLite " + tfliteVersion()
                    + " on " + differing + " of " + images + " images (max " + maxSteps + " steps, first image-"
                    + first + ")");
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] run(Executable exe, Graph g, byte[] input) {
        ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
        in.put(input).flip();
        ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
        exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
        out.rewind();
        byte[] b = new byte[(int) g.outputType(0).byteSize()];
        out.get(b);
        return b;
    }

    /** The full-data-set folder when {@code mobilenet4j.tfliteOutputs} is set, else the 100-image resources. */
    private static Path fullFolder() {
        String p = System.getProperty("mobilenet4j.tfliteOutputs");
        if (p == null || p.isEmpty()) {
            return null;
        }
        Path folder = Path.of(p);
        if (!Files.exists(folder.resolve("manifest.properties"))) {
            Assertions.fail("mobilenet4j.tfliteOutputs=" + p + " holds no manifest.properties: write it with "
                    + "java -jar target/mobilenet4j-bench.jar tflite-outputs --out " + p);
        }
        return folder;
    }

    private static Properties manifest() {
        Properties p = new Properties();
        try (InputStream in = open("manifest.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String tfliteVersion() {
        return manifest().getProperty("tflite.version");
    }

    private static byte[] expectedOutputs(String key) throws IOException {
        try (InputStream in = new GZIPInputStream(open(key + ".bin.gz"))) {
            return in.readAllBytes();
        }
    }

    private static InputStream open(String name) throws IOException {
        Path full = fullFolder();
        if (full != null) {
            return Files.newInputStream(full.resolve(name));
        }
        InputStream in = TfliteExactnessTest.class.getResourceAsStream(RESOURCES + name);
        assertTrue(in != null, "missing test resource " + RESOURCES + name);
        return in;
    }
}
