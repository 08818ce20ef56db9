package org.mobilenet4j.retrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import java.util.Map;
import org.mobilenet4j.catalog.CatalogEntry;
import org.mobilenet4j.catalog.LocalMirror;
import org.mobilenet4j.catalog.ModelCatalog;
import org.mobilenet4j.task.ImageEmbedder;

/**
 * {@code retrain} without {@code --model} (and a {@link Retrainer} without {@code model(...)}) fetches
 * {@link Retrainer#DEFAULT_MODEL} from a local mirror on 127.0.0.1 serving the catalog's files from ../shared,
 * caches it, says so, and retrains as with the same file given explicitly. Also: the pipelined embedding
 * gives the same embeddings in the same order whatever the thread count, equal to embedding file by file.
 */
class DefaultBaseModelTest {
    private static final Map<String, String> SHARED = Map.of(
            "mobilenet_v1_1.0_224_quant", RetrainerTest.EXTRACTOR,
            "mobilenet_v1_1.0_224_quant_head", "models/coral/mobilenet_quant_v1_224_head_layers.tflite",
            "imagenet_labels", "models/tflite-support/labels.txt");

    @TempDir
    Path tmp;

    private LocalMirror mirror;
    private Path images;

    @BeforeEach
    void serveAndCopyImages() throws IOException {
        mirror = new LocalMirror();
        ModelCatalog catalog = ModelCatalog.load();
        for (var e : SHARED.entrySet()) {
            CatalogEntry c = catalog.find(e.getKey()).orElseThrow();
            mirror.files.put(c.url().substring(c.url().lastIndexOf('/') + 1),
                    Files.readAllBytes(TestData.file(e.getValue())));
        }
        System.setProperty("mobilenet4j.mirror", mirror.url());
        System.setProperty("mobilenet4j.cache", tmp.resolve("models").toString());

        Path flowers = TestData.file("datasets/flowers-128");
        images = tmp.resolve("flowers-tiny");
        for (String c : List.of("daisy", "roses", "tulips")) {
            Files.createDirectories(images.resolve(c));
            try (Stream<Path> s = Files.list(flowers.resolve(c))) {
                for (Path f : s.sorted().limit(10).toList()) {
                    Files.copy(f, images.resolve(c).resolve(f.getFileName()));
                }
            }
        }
        Files.write(images.resolve("roses").resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
    }

    @AfterEach
    void stop() {
        System.clearProperty("mobilenet4j.mirror");
        System.clearProperty("mobilenet4j.cache");
        mirror.close();
    }

    @Test
    void cliWithoutModelFetchesTheDefaultOnceCachesItAndSaysSo() throws IOException {
        String[] args = {"retrain", "--images", images.toString(), "--output", tmp.resolve("a.tflite").toString(),
                "--no-cache", "--imprint", "--validation-percent", "20", "--test-percent", "20"};
        String[] first = RetrainerTest.run(args);
        assertEquals("0", first[0], first[2]);
        assertTrue(first[2].contains("base model: " + Retrainer.DEFAULT_MODEL + " (default; --model to choose)"),
                first[2]);
        Path cached = tmp.resolve("models").resolve(Retrainer.DEFAULT_MODEL + ".tflite");
        assertArrayEquals(Files.readAllBytes(TestData.file(RetrainerTest.EXTRACTOR)), Files.readAllBytes(cached));
        assertTrue(mirror.requests.contains("mobilenet_v1_1.0_224_quant_embedding_extractor.tflite"),
                mirror.requests.toString());
        int downloads = mirror.requests.size();

        String[] second = RetrainerTest.run(args);
        assertEquals("0", second[0], second[2]);
        assertEquals(downloads, mirror.requests.size(), "second run uses the cached model: " + mirror.requests);
        assertEquals(first[1].lines().filter(l -> l.startsWith("test accuracy")).toList(),
                second[1].lines().filter(l -> l.startsWith("test accuracy")).toList());
    }

    @Test
    void builderWithoutModelUsesTheDefaultAsTheSameFileGivenExplicitly() {
        List<String> log = new ArrayList<>();
        RetrainResult byDefault = Retrainer.builder().images(images).split(20, 20).imprint(true).log(log::add)
                .build().run();
        assertTrue(log.contains("base model: " + Retrainer.DEFAULT_MODEL + " (default; model(...) to choose)"),
                String.join("\n", log));
        RetrainResult explicit = Retrainer.builder().images(images).split(20, 20).imprint(true)
                .model(TestData.file(RetrainerTest.EXTRACTOR)).build().run();
        assertEquals(explicit.testPredictions().size(), byDefault.testPredictions().size());
        assertTrue(byDefault.testPredictions().size() > 0);
        for (int i = 0; i < explicit.testPredictions().size(); i++) {
            assertArrayEquals(explicit.testPredictions().get(i).probabilities(),
                    byDefault.testPredictions().get(i).probabilities(), 0.0);
        }
    }

    @Test
    void pipelinedEmbeddingsAreInOrderAndEqualFileByFileWhateverTheThreads() {
        List<LabeledImage> list = ImageFolder.scan(images, 20, 20, s -> { }).images();
        try (ImageEmbedder embedder = ImageEmbedder.builder().model(TestData.file(RetrainerTest.EXTRACTOR)).build()) {
            List<float[]> oracle = new ArrayList<>();
            List<LabeledImage> readable = new ArrayList<>();
            for (LabeledImage i : list) {
                if (!i.file().getFileName().toString().equals("broken.jpg")) {
                    oracle.add(embedder.embed(i.file()).values());
                    readable.add(i);
                }
            }
            for (int threads : new int[] {1, 3}) {
                EmbeddedImages e = EmbeddedImages.compute(list, embedder, null, threads, s -> { });
                assertEquals(readable, e.images(), "threads " + threads);
                assertEquals(1, e.problems().size());
                assertTrue(e.problems().get(0).contains("broken.jpg"), e.problems().get(0));
                for (int i = 0; i < oracle.size(); i++) {
                    assertArrayEquals(oracle.get(i), e.embeddings()[i], 0f, "threads " + threads + " image " + i);
                }
            }
        }
    }
}
