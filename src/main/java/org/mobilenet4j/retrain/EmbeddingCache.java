package org.mobilenet4j.retrain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Embeddings ("bottlenecks") on disk, keyed by everything they depend on: a folder per embedder
 * ({@link org.mobilenet4j.task.ImageEmbedder#cacheKey()}: model SHA-256, layer, pre-processing), a file per
 * image named by the SHA-256 of its bytes, holding little-endian floats. Writes go to a temporary file moved
 * into place, so a crash never leaves a half-written entry, and several processes may share a folder.
 * Thread-safe.
 */
public final class EmbeddingCache {
    private final Path dir;

    /** The cache for embeddings computed as {@code embedderKey} says, under {@code root}. */
    public EmbeddingCache(Path root, String embedderKey) {
        this.dir = root.resolve(sha256(embedderKey.getBytes(StandardCharsets.UTF_8)).substring(0, 32));
        try {
            Files.createDirectories(dir);
            Path key = dir.resolve("key.txt");
            if (!Files.exists(key)) {
                Files.writeString(key, embedderKey + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create embedding cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The folder of this embedder's entries. */
    public Path dir() {
        return dir;
    }

    /** SHA-256 of {@code bytes}, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** The cached embedding of the image whose bytes hash to {@code imageSha256}, or null. */
    public float[] get(String imageSha256, int dimension) {
        Path f = file(imageSha256);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (IOException e) {
            return null;
        }
        if (bytes.length != dimension * 4) {
            return null; // foreign or damaged entry: recompute
        }
        float[] v = new float[dimension];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    /** Stores an embedding. */
    public void put(String imageSha256, float[] embedding) {
        ByteBuffer b = ByteBuffer.allocate(embedding.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(embedding);
        Path f = file(imageSha256);
        try {
            Path tmp = Files.createTempFile(dir, imageSha256, ".tmp");
            Files.write(tmp, b.array());
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding cache " + f + ": " + e.getMessage(), e);
        }
    }

    private Path file(String imageSha256) {
        return dir.resolve(imageSha256 + ".f32");
    }
}
