package org.mobilenet4j.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.batch.ErrorText;
import org.mobilenet4j.model.InvalidModelException;
import org.mobilenet4j.model.UnsupportedModelException;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * A -1 in a tensor's shape is TFLite's mark of a size left open (a dynamic batch): the importer says dynamic
 * shapes are not supported, naming the tensor; it had called the model "corrupt or truncated: negative dimension".
 * Any other negative size is still corruption.
 */
class DynamicShapeTest {

    private static byte[] withInputShape(int... shape) throws Exception {
        ModelT m = ModelT.deserializeFromBinary(
                Files.readAllBytes(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128.tflite")));
        SubGraphT g = m.getSubgraphs()[0];
        g.getTensors()[g.getInputs()[0]].setShape(shape);
        return m.serializeToBinary();
    }

    private static String inputName() throws Exception {
        ModelT m = ModelT.deserializeFromBinary(
                Files.readAllBytes(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128.tflite")));
        SubGraphT g = m.getSubgraphs()[0];
        TensorT in = g.getTensors()[g.getInputs()[0]];
        return "tensor " + g.getInputs()[0] + " '" + in.getName() + "'";
    }

    @Test
    void aDynamicBatchIsUnsupportedNamingTheTensor() throws Exception {
        byte[] model = withInputShape(-1, 128, 128, 3);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> TfliteImporter.read(ByteBuffer.wrap(model), "dyn.tflite"));
        assertEquals("dyn.tflite: " + inputName() + " has the dynamic shape [-1, 128, 128, 3] (-1: any size); "
                + "dynamic shapes are not supported: convert the model with fixed sizes (batch 1)", e.getMessage());
    }

    @Test
    void anyOtherNegativeSizeIsCorruption() throws Exception {
        byte[] model = withInputShape(-2, 128, 128, 3);
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> TfliteImporter.read(ByteBuffer.wrap(model), "neg.tflite"));
        assertEquals("neg.tflite is corrupt or truncated: negative dimension in shape [-2, 128, 128, 3]",
                ErrorText.of(e)); // as the CLI says it
    }
}
