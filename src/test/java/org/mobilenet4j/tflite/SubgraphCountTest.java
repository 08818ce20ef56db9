package org.mobilenet4j.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.model.InvalidModelException;
import org.mobilenet4j.model.ModelException;
import org.mobilenet4j.model.UnsupportedModelException;

/**
 * A subgraph count that cannot be true (negative, or more subgraphs than the file has bytes for) is corruption:
 * the importer had said "expected 1 subgraph, found -248053761", as if the model were well formed but unsupported.
 * A count the file can hold (2) is still "expected 1 subgraph".
 */
class SubgraphCountTest {

    /** The shared v1 0.25/128 float model with the length of its subgraphs vector overwritten. */
    private static byte[] withSubgraphCount(int count) throws Exception {
        byte[] model = Files.readAllBytes(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128.tflite"));
        ByteBuffer bb = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
        int root = bb.getInt(0);
        int vtable = root - bb.getInt(root);
        int field = root + bb.getShort(vtable + 4 + 2 * 2); // Model fields: version, operator_codes, subgraphs
        int vector = field + bb.getInt(field);
        assertEquals(1, bb.getInt(vector), "the shared model has one subgraph");
        bb.putInt(vector, count);
        return model;
    }

    @ParameterizedTest
    @ValueSource(ints = {-248053761, 349184, Integer.MAX_VALUE})
    void anImpossibleCountIsCorruption(int count) throws Exception {
        byte[] model = withSubgraphCount(count);
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> TfliteImporter.read(ByteBuffer.wrap(model), "count.tflite"));
        assertEquals("count.tflite is corrupt or truncated: its subgraph count reads " + count + ", impossible in "
                + model.length + " bytes", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aPossibleCountIsUnsupported(int count) throws Exception {
        byte[] model = withSubgraphCount(count);
        ModelException e = assertThrows(ModelException.class,
                () -> TfliteImporter.read(ByteBuffer.wrap(model), "count.tflite"));
        assertEquals(UnsupportedModelException.class, e.getClass(), e.getMessage());
        assertEquals("count.tflite: expected 1 subgraph, found " + count, e.getMessage());
    }
}
