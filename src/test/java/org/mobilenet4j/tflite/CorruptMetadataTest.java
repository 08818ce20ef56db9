package org.mobilenet4j.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.model.ModelInfo;

/**
 * Corrupt metadata in an otherwise sound model is ignored as incomplete metadata (the model still runs), never
 * an unnamed IndexOutOfBounds / "Invalid UTF-8" / OutOfMemoryError escaping the import: a flipped byte in the
 * metadata's name string or a vector length had stopped classify, embed, info and bench with "error: index out
 * of bounds" or "error: Invalid UTF-8", naming no file.
 */
class CorruptMetadataTest {
    private static final String MODEL = "models/tflite-support/mobilenet_v1_0.25_224_quant.tflite";
    private static final String NAME = MetadataBytes.NAME;
    /** NormalizationOptions' mean (and std) as stored: a vector of length 1 holding 127.5f. */
    private static final byte[] ONE_127_5 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(1).putFloat(127.5f).array();

    private static byte[] model() throws IOException {
        return Files.readAllBytes(TestData.file(MODEL));
    }

    private static ModelInfo info(byte[] bytes) {
        return TfliteImporter.readInfo(ByteBuffer.wrap(bytes), "corrupt.tflite");
    }

    @Test
    void theSoundModelsMetadataIsReadAsItSays() throws IOException {
        ModelInfo info = info(model());
        assertEquals(NAME, info.name());
        assertArrayEquals(new float[] {127.5f}, info.mean());
        assertEquals(1001, info.labels().size());
    }

    @Test
    void aNameThatIsNotUtf8IsIgnoredWithTheRestOfTheMetadata() throws IOException {
        byte[] b = MetadataBytes.nameNotUtf8(model());
        ModelInfo info = info(b);
        assertEquals("corrupt.tflite", info.name());
        assertNull(info.labels());
        // and the graph is untouched: the model still imports
        assertEquals(1, TfliteImporter.read(ByteBuffer.wrap(b), "corrupt.tflite").outputs().length);
    }

    @Test
    void aNameLengthBeyondTheFileIsIgnoredWithTheRestOfTheMetadata() throws IOException {
        byte[] b = model();
        int length = MetadataBytes.indexOf(b, NAME.getBytes(StandardCharsets.US_ASCII), 0) - 4;
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(length, Integer.MAX_VALUE - 16);
        ModelInfo info = info(b);
        assertEquals("corrupt.tflite", info.name());
        assertNull(info.mean());
    }

    @Test
    void aNormalizationLengthOfTwoBillionAllocatesNothing() throws IOException {
        byte[] b = model();
        int mean = MetadataBytes.indexOf(b, ONE_127_5, 0);
        assertTrue(MetadataBytes.indexOf(b, ONE_127_5, mean + 1) > mean, "mean and std both [127.5]");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(mean, Integer.MAX_VALUE - 16);
        ModelInfo info = info(b);
        assertEquals(NAME, info.name(), "what was read before the corrupt part stays");
        assertNull(info.mean());
        assertNull(info.std(), "mean and std come both or neither");
    }
}
