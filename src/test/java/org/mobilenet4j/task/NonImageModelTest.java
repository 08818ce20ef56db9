package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mobilenet4j.TestData;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.model.UnsupportedModelException;
import org.mobilenet4j.tflite.TfliteWriter;

/**
 * A model whose input is not an image (a [1, 10] vector, a classifier head's [1, 1, 1, 1024] features) is
 * refused by the classifier and the embedder alike, naming the model and its input, before anything else is
 * asked of it. Before: the classifier said "expected an image input [1, H, W, 3], got float32[1x10]" (no model
 * named), and the embedder "tensor #0 x float32[1x10] is a graph input or a constant; only a tensor some node
 * computes can be an output", as it looked for an embedding layer first.
 */
class NonImageModelTest {

    private static ModelSource vectorModel() {
        GraphBuilder b = new GraphBuilder("fc10");
        int x = b.input("x", TensorType.float32(1, 10));
        int w = b.constant("w", new float[50], 5, 10);
        int bias = b.constant("b", new float[5], 5);
        b.output(b.softmax("softmax", b.fullyConnected("fc", x, w, bias, Activation.NONE)));
        return ModelSource.of(TfliteWriter.toBytes(b.build()), "fc10.tflite");
    }

    private static void refused(Executable build, String expected) {
        assertEquals(expected, assertThrows(UnsupportedModelException.class, build).getMessage());
    }

    @Test
    void aVectorInputIsRefusedNamingTheModel() {
        String expected = "fc10.tflite: its input float32[1x10] is not an image [1, H, W, 3] (RGB); image tasks "
                + "cannot feed it";
        refused(() -> ImageClassifier.builder().model(vectorModel()).build(), expected);
        refused(() -> ImageEmbedder.builder().model(vectorModel()).build(), expected);
    }

    @Test
    void aHeadGivenAsTheModelIsRefusedNamingIt() {
        ModelSource head = ModelSource.of(TestData.file("models/coral/mobilenet_quant_v1_224_head_layers.tflite"));
        String expected = "mobilenet_quant_v1_224_head_layers.tflite: its input uint8[1x1x1x1024] "
                + "(scale=0.023528477 zp=0) is not an image [1, H, W, 3] (RGB); image tasks cannot feed it";
        refused(() -> ImageClassifier.builder().model(head).build(), expected);
        refused(() -> ImageEmbedder.builder().model(head).build(), expected);
    }
}
