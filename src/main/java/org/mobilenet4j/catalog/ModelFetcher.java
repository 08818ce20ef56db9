package org.mobilenet4j.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.mobilenet4j.batch.ErrorText;

/**
 * Downloads catalog files, checks their sha256 and keeps them in a cache folder. The cache is
 * {@code mobilenet4j.cache} (system property), else {@code MOBILENET4J_CACHE}, else
 * {@code ~/.mobilenet4j/models}. A mirror ({@code mobilenet4j.mirror} / {@code MOBILENET4J_MIRROR}) replaces
 * everything before the last '/' of each URL. A file whose sha256 differs is never kept. Downloads stream
 * to a temporary file in the cache folder under the {@link DownloadLimits} (timeouts, a size cap from the
 * catalog's size) and run on the calling thread; nothing is held whole in memory. Not thread-safe for two
 * fetches of the same name into one cache at once (the last move wins, both verified).
 */
public final class ModelFetcher {
    private final ModelCatalog catalog;
    private final Path cache;
    private final String mirror;
    private final Consumer<String> log;
    private final DownloadLimits limits;

    public ModelFetcher(ModelCatalog catalog, Path cache, String mirror, Consumer<String> log) {
        this(catalog, cache, mirror, log, DownloadLimits.defaults());
    }

    /** A fetcher whose downloads obey {@code limits} (timeouts and sizes). */
    public ModelFetcher(ModelCatalog catalog, Path cache, String mirror, Consumer<String> log, DownloadLimits limits) {
        this.catalog = catalog;
        this.cache = cache;
        this.mirror = mirror;
        this.log = log;
        this.limits = limits;
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
        if (Files.isRegularFile(target) && Files.size(target) == e.size() && sha256(target).equals(e.sha256())) {
            return target;
        }
        String url = mirror == null ? e.url() : mirror.replaceAll("/+$", "") + e.url().substring(e.url().lastIndexOf('/'));
        checkCache();
        log.accept("downloading " + name + " from " + url);
        Path body = Files.createTempFile(cache, e.name(), ".download");
        Path file = e.member() == null ? body : Files.createTempFile(cache, e.name(), ".part");
        try {
            HttpDownload.get(url, body, limits.maxDownload(e), limits);
            if (e.member() != null) {
                try (InputStream in = Files.newInputStream(body); OutputStream out = Files.newOutputStream(file)) {
                    TarGzReader.extract(in, e.member(), e.size(), limits.maxArchive(e), out);
                } catch (IOException x) {
                    throw new IOException(name + " from " + url + ": " + x.getMessage(), x);
                }
            }
            String actual = sha256(file);
            if (!actual.equals(e.sha256())) {
                throw new IOException(name + " from " + url + " has sha256 " + actual + ", the catalog expects "
                        + e.sha256() + "; not kept");
            }
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.accept("verified sha256 " + actual + ", cached " + target);
            return target;
        } finally {
            Files.deleteIfExists(body);
            Files.deleteIfExists(file);
        }
    }

    /** Before a download is announced or started: the cache is a folder, or can be made one, and can be written. */
    private void checkCache() throws IOException {
        if (Files.exists(cache) && !Files.isDirectory(cache)) {
            throw new IOException("the cache " + cache + " is not a folder");
        }
        try {
            Files.createDirectories(cache);
        } catch (IOException x) {
            throw new IOException("cannot make the cache folder " + cache + ": " + ErrorText.of(x), x);
        }
        if (!Files.isWritable(cache)) {
            throw new IOException("cannot write in the cache folder " + cache + ": permission denied");
        }
    }

    /** The sha256 of a file, read in blocks. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = digest();
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) >= 0; ) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
