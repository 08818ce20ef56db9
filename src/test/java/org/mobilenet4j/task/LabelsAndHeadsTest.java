package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.model.Model;

/** A labels file or a head that does not fit the model is refused naming the files and what each holds. */
class LabelsAndHeadsTest {
    private static final Path MODEL = TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite");
    private static final Path EXTRACTOR = TestData.file("models/coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite");
    private static final Path HEAD = TestData.file("models/coral/mobilenet_quant_v1_224_head_layers.tflite");

    @Test
    void theLabelsListNamedAfterAModelIsNamedAsTheModelIs() {
        // retrain prints and reports both files: "wrote ../out/f.tflite and ../out/f.labels.txt", not an absolute path
        assertEquals(Path.of("../out/flowers.labels.txt"), Labels.namedAfter(Path.of("../out/flowers.tflite")));
        assertEquals(Path.of("flowers.v2.labels.txt"), Labels.namedAfter(Path.of("flowers.v2.tflite")));
        assertEquals(Path.of("/m/model.labels.txt"), Labels.namedAfter(Path.of("/m/model")));
    }

    @Test
    void labelsFileWithTheWrongNumberOfLinesIsNamed(@TempDir Path tmp) throws Exception {
        Path all = TestData.file("models/tflite-support/labels.txt");
        List<String> lines = Files.readAllLines(all);
        Path shortFile = Files.write(tmp.resolve("short.txt"), lines.subList(0, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageClassifier.builder()
                .model(MODEL).labels(shortFile).backend(new ReferenceBackend()).build());
        assertEquals("labels " + shortFile + " has 10 lines for 1001 outputs", e.getMessage());
        // trailing blank lines are not labels; one per output is accepted
        Path padded = Files.writeString(tmp.resolve("padded.txt"), String.join("\n", lines) + "\n\n\n");
        assertEquals(lines.size(), Labels.read(padded, lines.size(), "x").size());
        assertEquals("x has 1001 lines for 1000 outputs",
                assertThrows(IllegalArgumentException.class, () -> Labels.read(padded, 1000, "x")).getMessage());
    }

    @Test
    void headThatDoesNotFitNamesBothFilesAndTensors() {
        Graph model = Model.load(MODEL).graph();
        Graph head = Model.load(HEAD).graph();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeadChain.of(model, "M", head, "H"));
        assertEquals("H takes " + head.inputType(0) + " but M gives " + model.outputType(0), e.getMessage());
        assertTrue(e.getMessage().startsWith("H takes uint8[1x1x1x1024]") && e.getMessage().contains("gives uint8[1x1001]"),
                e.getMessage());
        IllegalArgumentException built = assertThrows(IllegalArgumentException.class, () -> ImageEmbedder.builder()
                .model(MODEL).head(HEAD).backend(new ReferenceBackend()).build());
        assertEquals("head " + HEAD.getFileName() + " takes " + head.inputType(0) + " but model " + MODEL.getFileName()
                + " gives " + model.outputType(0), built.getMessage());
        // the head that fits: the chain's output is the head's
        Graph chained = HeadChain.of(Model.load(EXTRACTOR).graph(), "M", head, "H");
        assertEquals(head.outputType(0), chained.outputType(0));
    }
}
