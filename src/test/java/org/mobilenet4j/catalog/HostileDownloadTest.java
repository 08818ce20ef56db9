package org.mobilenet4j.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a loopback server (127.0.0.1) that misbehaves: stalls, trickles, streams forever, refuses
 * connections, serves archive and gzip bombs. Each ends in an IOException naming the URL and the cause,
 * within a bounded time, with nothing kept in the cache and nothing buffered whole in memory. Every server
 * loop is bounded (a flag and a deadline), so a failing test cannot leave a thread spinning.
 */
class HostileDownloadTest {
    private static final String LABELS = "imagenet_labels";
    private static final String ARCHIVED = "mobilenet_v1_0.25_128_quant";
    /** Tight limits: idle 0.5 s, total 3 s, archive slack 1 MiB (so a bomb needs only ~17 MB). */
    private static final DownloadLimits TIGHT =
            new DownloadLimits(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(3), 1 << 20);

    @TempDir
    Path tmp;

    private HttpServer server;
    private ExecutorService handlers;
    private volatile boolean stopping;
    private volatile Handler handler;
    private String mirror;

    interface Handler {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    @BeforeEach
    void serve() throws IOException {
        handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-server");
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            try {
                handler.handle(exchange);
            } catch (IOException | InterruptedException e) {
                // the client went away: expected
            } finally {
                exchange.close();
            }
        });
        server.start();
        mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        stopping = true;
        server.stop(0);
        handlers.shutdownNow();
    }

    private boolean serving(long startNanos) {
        return !stopping && System.nanoTime() - startNanos < 20_000_000_000L;
    }

    /** Fetches {@code name} under the tight limits; returns the exception, checking message, time and cache. */
    private IOException failure(String name, String... expected) {
        Path cache = tmp.resolve("cache");
        ModelFetcher f = new ModelFetcher(ModelCatalog.load(), cache, mirror, m -> { }, TIGHT);
        long t0 = System.nanoTime();
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> assertThrows(IOException.class, () -> f.fetch(name)));
        double s = (System.nanoTime() - t0) / 1e9;
        String m = e.getMessage();
        assertTrue(m != null && m.contains("127.0.0.1:" + server.getAddress().getPort()), "names the URL: " + m);
        assertFalse(m.contains("null"), m);
        for (String x : expected) {
            assertTrue(m.contains(x), "'" + x + "' in: " + m);
        }
        assertTrue(s < 6, "gave up after " + s + " s: " + m);
        try (var left = Files.list(cache)) {
            assertEquals(0, left.count(), "nothing left in the cache");
        } catch (IOException io) {
            throw new AssertionError(io);
        }
        System.out.printf("%s: %.2f s: %s%n", name, s, m);
        return e;
    }

    @Test
    void stalledBodyHitsTheIdleTimeout() {
        handler = x -> {
            x.sendResponseHeaders(200, 10_484);
            x.getResponseBody().write(new byte[100]);
            x.getResponseBody().flush();
            for (long t0 = System.nanoTime(); serving(t0); ) {
                Thread.sleep(50);
            }
        };
        failure(LABELS, "no data for 0.5 s");
    }

    @Test
    void tricklingBodyHitsTheTotalTimeout() {
        handler = x -> {
            x.sendResponseHeaders(200, 0);
            for (long t0 = System.nanoTime(); serving(t0); ) {
                x.getResponseBody().write('a');
                x.getResponseBody().flush();
                Thread.sleep(100);
            }
        };
        failure(LABELS, "longer than the limit of 3 s");
    }

    @Test
    void endlessBodiesAreCutAtTheCatalogSize() {
        byte[] block = new byte[1 << 16];
        handler = x -> {
            x.sendResponseHeaders(200, 0);
            for (long t0 = System.nanoTime(); serving(t0); ) {
                x.getResponseBody().write(block);
            }
        };
        failure(LABELS, "more than the 10484 bytes");
        long cap = 32L * 497_264 + (1 << 20);
        failure(ARCHIVED, "more than the " + cap + " bytes");
    }

    @Test
    void declaredHugeLengthIsRefusedBeforeTheBody() {
        handler = x -> x.sendResponseHeaders(200, 5L << 30);
        failure(LABELS, "declares 5368709120 bytes");
    }

    @Test
    void connectionRefusedNamesTheCause() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ModelFetcher f = new ModelFetcher(ModelCatalog.load(), tmp.resolve("c"), "http://127.0.0.1:" + port + "/",
                m -> { }, TIGHT);
        IOException e = assertThrows(IOException.class, () -> f.fetch(LABELS));
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + port + "/labels.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
        assertFalse(e.getMessage().contains("null"), e.getMessage());
    }

    /** A raw socket server that accepts, then sends a status line and headers one byte every 100 ms. */
    @Test
    void tricklingHeadersHitTheTotalTimeout() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = raw.accept(); OutputStream out = s.getOutputStream()) {
                    byte[] head = "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
                    out.write(head);
                    for (long t0 = System.nanoTime(); serving(t0); ) {
                        out.write('z');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // client gone
                }
            }, "trickling-headers");
            t.setDaemon(true);
            t.start();
            String url = "http://127.0.0.1:" + raw.getLocalPort() + "/";
            ModelFetcher f = new ModelFetcher(ModelCatalog.load(), tmp.resolve("c"), url, m -> { }, TIGHT);
            long t0 = System.nanoTime();
            IOException e = assertTimeoutPreemptively(Duration.ofSeconds(15),
                    () -> assertThrows(IOException.class, () -> f.fetch(LABELS)));
            assertTrue(e.getMessage().contains(url) && e.getMessage().contains("longer than the limit of 3 s"),
                    e.getMessage());
            assertTrue(System.nanoTime() - t0 < 6_000_000_000L);
        }
    }

    private void serveBytes(byte[] body) {
        handler = x -> {
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
        };
    }

    @Test
    void tarHeaderClaimingTwoGibibytesAllocatesNothing() throws IOException {
        // the member itself claims 2 GiB: refused from its header
        byte[] member = tgz(tarHeader(ARCHIVED + ".tflite", 2L << 30));
        assertTrue(member.length < 120, member.length + " bytes");
        serveBytes(member);
        failure(ARCHIVED, "declares 2147483648 bytes, the catalog expects 497264");
        // another entry claims 2 GiB and the archive ends: skipped as far as it goes, never allocated
        serveBytes(tgz(tarHeader("checkpoint.data", 2L << 30)));
        failure(ARCHIVED, "archive ends inside entry ./checkpoint.data");
        // a size field that is no octal number
        byte[] bad = tarHeader("x", 0);
        System.arraycopy("99999999999".getBytes(StandardCharsets.US_ASCII), 0, bad, 124, 11);
        serveBytes(tgz(bad));
        failure(ARCHIVED, "bad size field");
    }

    @Test
    void gzipBombStopsAtTheExpansionCap() throws IOException {
        // 40 MB of zeros ahead of the member, ~40 KB compressed; the cap is 32 x 497264 + 1 MiB expanded
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(tarHeader("padding.bin", 40L << 20));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 40; i++) {
                gz.write(zeros);
            }
            gz.write(tarHeader(ARCHIVED + ".tflite", 497_264));
        }
        assertTrue(bytes.size() < 100_000, bytes.size() + " bytes");
        serveBytes(bytes.toByteArray());
        failure(ARCHIVED, "expands to more than " + (32L * 497_264 + (1 << 20)) + " bytes");
    }

    @Test
    void wellFormedArchiveStillFetches() throws IOException {
        byte[] content = new byte[497_264];
        new java.util.Random(1).nextBytes(content);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(tarHeader(ARCHIVED + ".tflite", content.length));
            gz.write(content);
            gz.write(new byte[(512 - content.length % 512) % 512 + 1024]);
        }
        serveBytes(bytes.toByteArray());
        // right size, wrong bytes: extracted and streamed through sha256, then refused
        IOException e = failure(ARCHIVED, "has sha256");
        assertTrue(e.getMessage().contains("not kept"), e.getMessage());
        // the extraction itself, without the server
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarGzReader.extract(new java.io.ByteArrayInputStream(bytes.toByteArray()), ARCHIVED + ".tflite",
                content.length, 1 << 20, out);
        assertArrayEquals(content, out.toByteArray());
    }

    /** One 512-byte ustar header for a regular file {@code ./name} of {@code size} bytes (octal, 11 digits). */
    static byte[] tarHeader(String name, long size) {
        byte[] h = new byte[512];
        put(h, 0, "./" + name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = '0';
        put(h, 257, "ustar");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        return h;
    }

    private static void put(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }

    private static byte[] tgz(byte[] header) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(header);
        }
        return bytes.toByteArray();
    }
}
