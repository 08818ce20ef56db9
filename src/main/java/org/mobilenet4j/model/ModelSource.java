package org.mobilenet4j.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.mobilenet4j.batch.ErrorText;
import org.mobilenet4j.tflite.TfliteImporter;

/**
 * The bytes of a TFLite model, from a file, a byte array or a buffer, and a name for messages. The bytes are
 * copied once, so later changes to the caller's array or buffer do not reach the model. Immutable and
 * thread-safe.
 */
public final class ModelSource {
    private final String name;
    private final byte[] bytes;
    private volatile String sha256;
    /** The metadata, read once: a corrupt part is warned about once however often the model is loaded. */
    private volatile ModelInfo info;

    private ModelSource(String name, byte[] bytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = bytes;
    }

    /** The model in {@code file}; a file that cannot be read is a {@link ModelException} naming it. */
    public static ModelSource of(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new ModelException("cannot read model " + file + ": " + (Files.isDirectory(file) ? "a folder"
                        : "not a regular file (a FIFO or device is not read)"));
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ModelException("cannot read model " + file + ": " + size + " bytes, more than a .tflite "
                        + "file can hold (FlatBuffers offsets are 32-bit: at most " + MAX_FILE_BYTES + ")");
            }
            return new ModelSource(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ModelException("cannot read model " + file + ": " + ErrorText.of(e), e);
        }
    }

    /** The largest model file read: FlatBuffers address a buffer with 32-bit offsets (and a Java array ends there). */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    /** The model held in {@code bytes} (copied). */
    public static ModelSource of(byte[] bytes, String name) {
        return new ModelSource(name, Objects.requireNonNull(bytes, "bytes").clone());
    }

    /** The model held in the remaining bytes of {@code buffer} (copied; the buffer's position is not moved). */
    public static ModelSource of(ByteBuffer buffer, String name) {
        ByteBuffer b = Objects.requireNonNull(buffer, "buffer").duplicate();
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        return new ModelSource(name, copy);
    }

    /** The file name, or the name given with the bytes. */
    public String name() {
        return name;
    }

    /** A read-only view of the model's bytes. */
    public ByteBuffer bytes() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** The SHA-256 of the bytes, lower-case hex: names this exact model (e.g. as a cache key). */
    public String sha256() {
        String h = sha256;
        if (h == null) {
            try {
                h = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no SHA-256 in this JVM", e);
            }
            sha256 = h;
        }
        return h;
    }

    /** What the model's metadata says (name, normalization, labels), without importing its graph. */
    public ModelInfo metadata() {
        ModelInfo i = info;
        if (i == null) {
            i = TfliteImporter.readInfo(ByteBuffer.wrap(bytes), name);
            info = i;
        }
        return i;
    }

    /** Imports the graph and reads the metadata. */
    public Model load() {
        return new Model(this, TfliteImporter.read(ByteBuffer.wrap(bytes), name), metadata());
    }

    @Override
    public String toString() {
        return name + " (" + bytes.length + " bytes)";
    }
}
