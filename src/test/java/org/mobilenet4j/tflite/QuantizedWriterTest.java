package org.mobilenet4j.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Tensor;
import org.mobilenet4j.model.ModelInfo;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.predict.Predictor;

/** Quantized graphs written by TfliteWriter read back the same and compute the same bits; metadata round trip. */
class QuantizedWriterTest {

    @ParameterizedTest
    @ValueSource(strings = {"coral/mobilenet_v1_0.25_128_quant.tflite", "coral/tf2_mobilenet_v2_1.0_224_ptq.tflite"})
    void quantizedModelsRoundTripBitExact(String model) throws IOException {
        Graph g = TfliteImporter.read(ByteBuffer.wrap(Files.readAllBytes(TestData.file("models/" + model))), model);
        Graph back = TfliteImporter.read(ByteBuffer.wrap(TfliteWriter.toBytes(g)), "written");
        assertEquals(g.nodes().size(), back.nodes().size());
        Map<String, Tensor> byName = new HashMap<>();
        back.tensors().forEach(t -> byName.put(t.name() + "#" + t.type().shapeString(), t));
        int checked = 0;
        for (Node n : g.nodes()) {
            for (int id : n.inputs()) {
                if (id < 0) {
                    continue;
                }
                Tensor t = g.tensor(id);
                Tensor b = byName.get(t.name() + "#" + t.type().shapeString());
                assertNotNull(b, t.toString());
                assertEquals(t.type(), b.type(), "type and quantization (per-channel too) of " + t.name());
                if (t.isConstant()) {
                    assertEquals(t.data().bytes(), b.data().bytes(), "bytes of " + t.name());
                }
                checked++;
            }
        }
        assertTrue(checked > 50);
        assertArrayEquals(run(g), run(back), "same integer arithmetic, same bits");
    }

    private static float[] run(Graph g) {
        try (Predictor p = Predictor.create(g, new ReferenceBackend(), 1)) {
            ByteBuffer in = ByteBuffer.allocateDirect((int) g.inputType(0).byteSize());
            for (int i = 0; in.hasRemaining(); i++) {
                in.put((byte) (i * 31 % 251));
            }
            in.flip();
            return p.run(in)[0];
        }
    }

    @Test
    void metadataIsReadBackByTfliteSupportsExtractorAndTheZipByJavaUtilZip(@TempDir Path dir) throws IOException {
        Graph g = TfliteImporter.read(ByteBuffer.wrap(Files.readAllBytes(
                TestData.file("models/coral/mobilenet_v1_0.25_128_quant.tflite"))), "base");
        TfliteMetadata meta = new TfliteMetadata("flowers", "five flowers", new float[] {127.5f},
                new float[] {127.5f}, List.of("daisy", "dandelion", "roses", "sunflowers", "tulips"), "labels.txt");
        byte[] a = TfliteWriter.toBytes(g, meta);
        assertArrayEquals(a, TfliteWriter.toBytes(g, meta), "deterministic bytes");
        ModelInfo info = ModelSource.of(a, "x.tflite").metadata();
        assertEquals("flowers", info.name());
        assertArrayEquals(new float[] {127.5f}, info.mean());
        assertArrayEquals(new float[] {127.5f}, info.std());
        assertEquals(meta.labels(), info.labels());
        info.mean()[0] = 0f; // both records are immutable: what an accessor returns is a copy
        meta.std()[0] = 0f;
        assertArrayEquals(new float[] {127.5f}, info.mean());
        assertArrayEquals(new float[] {127.5f}, meta.std());
        assertArrayEquals(a, TfliteWriter.toBytes(g, meta), "the metadata written is unchanged");
        Path f = dir.resolve("m.tflite");
        Files.write(f, a);
        try (ZipFile zip = new ZipFile(f.toFile())) {
            ZipEntry e = zip.getEntry("labels.txt");
            assertNotNull(e, "an ordinary zip reader finds the associated file");
            assertEquals("daisy\ndandelion\nroses\nsunflowers\ntulips\n",
                    new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(g.nodes().size(), TfliteImporter.read(ByteBuffer.wrap(a), "m").nodes().size(),
                "the appended zip does not disturb the flatbuffer");
    }
}
