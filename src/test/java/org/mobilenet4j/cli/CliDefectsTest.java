package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.catalog.CatalogEntry;
import org.mobilenet4j.catalog.ModelCatalog;

/** The CLI defects of issue 12, each as a user met it. */
class CliDefectsTest {
    private static final String DATA = "datasets/mlts-openimages/";

    @TempDir
    Path dir;

    @Test
    void noArgumentsPrintsUsageOnStderrAndExits2() {
        CliRun r = CliRun.of();
        assertEquals(2, r.exit(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Usage: mobilenet4j"), r.err());
    }

    @Test
    void helpTextsListTheRealBackendNames() {
        String names = String.join(", ", Backends.names());
        for (String command : List.of("classify", "evaluate", "bench", "run")) {
            CliRun r = CliRun.of(command, "--help");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().replaceAll("\\s+", " ").contains(names), command + " --help lacks '" + names + "':\n" + r.out());
            assertTrue(r.out().contains("--threads"), command + " --help lacks --threads");
        }
    }

    @Test
    void benchCapsThreadsAtTheCoreCountWithAWarning() {
        CliRun r = CliRun.of("bench", "--arch", "v1", "--alpha", "0.25", "--resolution", "128", "--backend",
                "reference", "--iterations", "1", "--warmup", "0", "--threads", "1000", "--json");
        assertEquals(0, r.exit(), r.toString());
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, JsonParser.parseString(r.out()).getAsJsonObject().get("threads").getAsInt());
        assertTrue(r.err().contains("--threads 1000 is more than the " + cores + " cores"), r.err());
    }

    private String[] evaluate(String limit, Path truth, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("evaluate",
                "--model", TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite").toString(),
                "--images", TestData.file(DATA).toString(), "--ground-truth", truth.toString(),
                "--labels", TestData.file("models/aosp-mlts/labels.txt").toString(), "--limit", limit, "--json"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void evaluateLimitZeroIsAUsageErrorNotNaN() {
        CliRun r = CliRun.of(evaluate("0", TestData.file(DATA + "ground_truth_labels.txt")));
        assertEquals(2, r.exit(), r.toString());
        assertFalse(r.out().contains("NaN"), r.out());
        assertTrue(r.err().contains("--limit must be at least 1"), r.err());
    }

    /**
     * An empty --ground-truth is an error naming it, in valid JSON: it had been reported as an evaluation of 0
     * images ("0 images classified: no accuracy", count 0, exit 0), as if one had been done.
     */
    @Test
    void evaluateOverAnEmptyGroundTruthIsAnErrorInValidJson() throws Exception {
        Path empty = Files.writeString(dir.resolve("truth.txt"), "");
        CliRun r = CliRun.of(evaluate("5", empty));
        assertEquals(1, r.exit(), r.toString());
        String message = "--ground-truth " + empty.toAbsolutePath() + " is empty: no image to evaluate";
        assertEquals("error: " + message, r.err().strip());
        assertEquals(message, JsonParser.parseString(r.out()).getAsJsonObject().get("error").getAsString());
    }

    @Test
    void evaluateTakesThreadsAndWorkers() {
        CliRun r = CliRun.of(evaluate("4", TestData.file(DATA + "ground_truth_labels.txt"), "--threads", "1",
                "--workers", "2"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(4, JsonParser.parseString(r.out()).getAsJsonObject().get("count").getAsInt());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void fetchSaysConnectionRefusedNotNull() throws Exception {
        String name = ModelCatalog.load().entries().get(0).name();
        CliRun r = CliRun.of("fetch", name, "--cache", dir.toString(), "--mirror", "http://127.0.0.1:" + closedPort());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("connection refused"), r.err());
        assertTrue(r.err().contains("cannot fetch " + name), r.err());
        assertFalse(r.err().contains("null"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void mirrorHelpDescribesTheLayoutFetchUses() throws Exception {
        CatalogEntry e = ModelCatalog.load().entries().get(0);
        List<String> requested = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            requested.add(x.getRequestURI().getPath());
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/m";
            CliRun r = CliRun.of("fetch", e.name(), "--cache", dir.toString(), "--mirror", base);
            assertEquals(1, r.exit(), r.toString());
        } finally {
            server.stop(0);
        }
        String fileName = e.url().substring(e.url().lastIndexOf('/') + 1);
        assertEquals(List.of("/m/" + fileName), requested, "fetch asks the mirror for URL/NAME");
        String help = CliRun.of("fetch", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("each file is fetched as URL/NAME, NAME being the last part of its catalog"), help);
    }

    @Test
    void modelWithoutLabelMetadataGetsTheLabelsBesideItNotIndices() {
        Path model = TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite");
        CliRun r = CliRun.of("classify", "--model", model.toString(), "--json", "--top", "1",
                TestData.file(DATA + "image-0.jpeg").toString());
        assertEquals(0, r.exit(), r.toString());
        JsonObject top = JsonParser.parseString(r.out()).getAsJsonArray().get(0).getAsJsonObject()
                .getAsJsonArray("results").get(0).getAsJsonObject();
        List<String> labels = org.mobilenet4j.task.Labels.read(model.resolveSibling("labels.txt"));
        assertEquals(labels.get(top.get("index").getAsInt()), top.get("label").getAsString());
        assertFalse(top.get("label").getAsString().matches("\\d+"), top.toString());
        assertTrue(r.err().contains("using " + model.resolveSibling("labels.txt")), "said once on stderr: " + r.err());
    }
}
