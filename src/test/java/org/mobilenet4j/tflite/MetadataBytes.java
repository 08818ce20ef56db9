package org.mobilenet4j.tflite;

import java.nio.charset.StandardCharsets;

/** Byte-level corruptions of the metadata of tflite-support's MobileNet v1 0.25/224 quant model, for tests. */
public final class MetadataBytes {
    /** The model name its metadata holds. */
    public static final String NAME = "MobileNetV1 image classifier (quantized)";

    private MetadataBytes() {
    }

    /** A copy of {@code model} whose metadata name starts with a byte that is not UTF-8. */
    public static byte[] nameNotUtf8(byte[] model) {
        byte[] b = model.clone();
        b[indexOf(b, NAME.getBytes(StandardCharsets.US_ASCII), 0)] = (byte) 0xff;
        return b;
    }

    /** The first index of {@code needle} in {@code haystack} at or after {@code from}. */
    public static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found in the model");
    }
}
