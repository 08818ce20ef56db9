package org.mobilenet4j.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Downloads catalog files, checks their sha256 and keeps them in a cache folder. The cache is
 * {@code mobilenet4j.cache} (system property), else {@code MOBILENET4J_CACHE}, else
 * {@code ~/.mobilenet4j/models}. A mirror ({@code mobilenet4j.mirror} / {@code MOBILENET4J_MIRROR}) replaces
 * everything before the last '/' of each URL. A file whose sha256 differs is never kept.
 */
public final class ModelFetcher {
    private final ModelCatalog catalog;
    private final Path cache;
    private final String mirror;
    private final Consumer<String> log;

    public ModelFetcher(ModelCatalog catalog, Path cache, String mirror, Consumer<String> log) {
        this.catalog = catalog;
        this.cache = cache;
        this.mirror = mirror;
        this.log = log;
    }

    public static ModelFetcher withDefaults(Consumer<String> log) {
        return new ModelFetcher(ModelCatalog.load(), defaultCache(), setting("mobilenet4j.mirror", "MOBILENET4J_MIRROR"),
                log);
    }

    public static Path defaultCache() {
        String c = setting("mobilenet4j.cache", "MOBILENET4J_CACHE");
        return c != null ? Path.of(c) : Path.of(System.getProperty("user.home"), ".mobilenet4j", "models");
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isEmpty()) {
            v = System.getenv(env);
        }
        return v == null || v.isEmpty() ? null : v;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    /** The cached file of {@code name}, downloading and verifying it first if it is not cached. */
    public Path fetch(String name) throws IOException {
        CatalogEntry e = catalog.find(name).orElseThrow(() -> new IllegalArgumentException(
                "no catalog entry '" + name + "'; known: " + String.join(", ",
                        catalog.entries().stream().map(CatalogEntry::name).toList())));
        Path target = cache.resolve(e.cacheFileName());
        if (Files.isRegularFile(target) && sha256(Files.readAllBytes(target)).equals(e.sha256())) {
            return target;
        }
        String url = mirror == null ? e.url() : mirror.replaceAll("/+$", "") + e.url().substring(e.url().lastIndexOf('/'));
        log.accept("downloading " + name + " from " + url);
        byte[] body = download(url);
        byte[] file = e.member() != null ? TarGzReader.extract(new ByteArrayInputStream(body), e.member()) : body;
        String actual = sha256(file);
        if (!actual.equals(e.sha256())) {
            throw new IOException(name + " from " + url + " has sha256 " + actual + ", the catalog expects " + e.sha256()
                    + "; not kept");
        }
        Files.createDirectories(cache);
        Path tmp = Files.createTempFile(cache, e.name(), ".part");
        try {
            Files.write(tmp, file);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        log.accept("verified sha256 " + actual + ", cached " + target);
        return target;
    }

    private static byte[] download(String url) throws IOException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET().build();
        try {
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("GET " + url + " answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " interrupted", ie);
        } catch (java.net.ConnectException ce) {
            throw new IOException("GET " + url + ": connection refused", ce);
        } catch (IOException io) {
            if (io.getMessage() != null && io.getMessage().contains(url)) {
                throw io;
            }
            throw new IOException("GET " + url + ": " + (io.getMessage() == null ? "failed (" + io.getClass().getSimpleName()
                    + ")" : io.getMessage()), io);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
