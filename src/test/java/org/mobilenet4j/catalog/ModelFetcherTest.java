package org.mobilenet4j.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.cli.Main;

/**
 * {@code fetch} against a local HTTP server on 127.0.0.1 that serves the catalog's files from ../shared
 * (archives are packed here from the same bytes), as a mirror. Checks verification, caching, the
 * sha256 refusal, and {@code --model NAME} in classify.
 */
class ModelFetcherTest {

    @TempDir
    Path tmp;

    private LocalMirror server;
    private Map<String, byte[]> files;
    private List<String> requests;
    private String mirror;

    @BeforeEach
    void serve() throws IOException {
        server = new LocalMirror();
        files = server.files;
        requests = server.requests;
        mirror = server.url();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A one-file .tgz in ustar format. */
    private static byte[] tgz(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(HostileDownloadTest.tarHeader(name, content.length));
            gz.write(content);
            gz.write(new byte[(512 - content.length % 512) % 512 + 1024]);
        }
        return bytes.toByteArray();
    }

    private ModelFetcher fetcher(Path cache) {
        return new ModelFetcher(ModelCatalog.load(), cache, mirror, m -> { });
    }

    /** A cache that cannot be used fails before "downloading ..." is said or any request made. */
    @Test
    void anUnusableCacheFailsBeforeTheDownload() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        for (Path cache : List.of(file, file.resolve("sub"))) {
            List<String> log = new java.util.ArrayList<>();
            IOException e = assertThrows(IOException.class, () -> new ModelFetcher(ModelCatalog.load(), cache,
                    mirror, log::add).fetch("mobilenet_v1_0.25_128_quant"));
            assertEquals(cache == file ? "the cache " + file + " is not a folder"
                    : "cannot make the cache folder " + cache + ": not a directory (" + cache + ")", e.getMessage());
            assertEquals(List.of(), log);
        }
        assertEquals(List.of(), requests);
    }

    @Test
    void fetchesFromArchiveVerifiesAndCaches() throws IOException {
        byte[] model = Files.readAllBytes(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite"));
        files.put("mobilenet_v1_0.25_128_quant.tgz", tgz("mobilenet_v1_0.25_128_quant.tflite", model));
        Path cache = tmp.resolve("cache");
        Path f = fetcher(cache).fetch("mobilenet_v1_0.25_128_quant");
        assertArrayEquals(model, Files.readAllBytes(f));
        assertEquals(cache.resolve("mobilenet_v1_0.25_128_quant.tflite"), f);
        fetcher(cache).fetch("mobilenet_v1_0.25_128_quant");
        assertEquals(1, requests.size(), "second fetch is served from the cache");
    }

    @Test
    void wrongChecksumIsRefusedAndNotKept() throws IOException {
        byte[] model = Files.readAllBytes(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite"));
        model[model.length / 2] ^= 1;
        files.put("mobilenet_v1_0.25_224_quant.tflite", model);
        Path cache = tmp.resolve("cache");
        IOException e = assertThrows(IOException.class, () -> fetcher(cache).fetch("mobilenet_v1_0.25_224_quant"));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("mobilenet_v1_0.25_224_quant.tflite")));
    }

    @Test
    void missingFileIsAClearError() {
        IOException e = assertThrows(IOException.class,
                () -> fetcher(tmp.resolve("c")).fetch("mobilenet_v1_0.5_160_quant"));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fetcher(tmp.resolve("c")).fetch("no_such_model"));
    }

    @Test
    void classifyByCatalogName() throws IOException {
        files.put("mobilenet_v1_0.25_224_quant.tflite",
                Files.readAllBytes(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite")));
        System.setProperty("mobilenet4j.mirror", mirror);
        System.setProperty("mobilenet4j.cache", tmp.resolve("cache").toString());
        try {
            var out = new java.io.StringWriter();
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(out));
            int code = cl.execute("classify", "--model", "mobilenet_v1_0.25_224_quant", "--top", "1",
                    TestData.file("images/burger.jpg").toString());
            assertEquals(0, code);
            assertTrue(out.toString().contains("cheeseburger"), out.toString());
        } finally {
            System.clearProperty("mobilenet4j.mirror");
            System.clearProperty("mobilenet4j.cache");
        }
    }

    @Test
    void catalogChecksumsMatchTheSharedCopies() throws IOException {
        // Every catalog file that ../shared holds has the catalog's sha256 (PROVENANCE lists the same sums).
        Map<String, String> copies = Map.of(
                "mobilenet_v1_0.25_128_quant", "models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite",
                "mobilenet_v1_0.5_160_quant", "models/aosp-mlts/mobilenet_v1_0.5_160_quant.tflite",
                "mobilenet_v1_0.75_192_quant", "models/aosp-mlts/mobilenet_v1_0.75_192_quant.tflite",
                "mobilenet_v2_1.0_224_quant", "models/aosp-mlts/mobilenet_v2_1.0_224_quant.tflite",
                "mobilenet_v1_0.25_224_quant", "models/tflite-support/mobilenet_v1_0.25_224_quant.tflite",
                "mobilenet_v1_1.0_224_quant", "models/coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite",
                "mobilenet_v1_1.0_224_quant_head", "models/coral/mobilenet_quant_v1_224_head_layers.tflite",
                "imagenet_labels", "models/tflite-support/labels.txt");
        ModelCatalog catalog = ModelCatalog.load();
        assertEquals(copies.keySet().size(), catalog.entries().size());
        for (var e : copies.entrySet()) {
            assertEquals(catalog.find(e.getKey()).orElseThrow().sha256(),
                    ModelFetcher.sha256(TestData.file(e.getValue())), e.getKey());
        }
    }
}
