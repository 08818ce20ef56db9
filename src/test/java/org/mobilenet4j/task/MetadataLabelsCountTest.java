package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.model.InvalidModelException;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.tflite.MetadataBytes;

/**
 * A model whose own labels (its metadata's associated file) do not match its outputs is an invalid model, named
 * by its file: it had been an IllegalArgumentException naming the metadata's model name ("MobileNetV1 image
 * classifier (quantized): 1002 labels in the metadata for 1001 outputs"), which says neither which file nor that
 * the model is at fault.
 */
class MetadataLabelsCountTest {

    @Test
    void labelsThatDoNotMatchTheOutputsAreAModelErrorNamingTheFile() throws Exception {
        byte[] model = Files.readAllBytes(TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite"));
        // "goldfish" in the appended labels file becomes "gold" and "ish": one label more than the 1001 outputs
        int at = MetadataBytes.indexOf(model, "goldfish".getBytes(StandardCharsets.US_ASCII), 0);
        model[at + 4] = '\n';
        ModelSource source = ModelSource.of(model, "split-label.tflite");
        assertEquals(1002, source.metadata().labels().size());
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> ImageClassifier.builder().model(source).build());
        assertEquals("split-label.tflite: its metadata has 1002 labels for 1001 outputs", e.getMessage());
    }
}
