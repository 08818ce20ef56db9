package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobilenet4j.TestData;
import org.mobilenet4j.model.Model;

/**
 * Files given with the model: a --labels or --head that does not fit is named with its option; the note on
 * labels found beside a model names them from the path the user gave; an empty image says so.
 */
class ClassifierFilesTest {
    private static final Path MODEL = TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite");
    private static final Path HEAD = TestData.file("models/coral/mobilenet_quant_v1_224_head_layers.tflite");
    private static final String BURGER = TestData.file("images/burger.jpg").toString();

    /** Two class folders of one image each, as evaluate takes them. */
    private static Path classFolders(Path tmp) throws Exception {
        Path root = tmp.resolve("classes");
        Files.createDirectories(root.resolve("cheeseburger"));
        Files.createDirectories(root.resolve("tabby"));
        Files.copy(Path.of(BURGER), root.resolve("cheeseburger/burger.jpg"));
        Files.copy(TestData.file("images/cat.bmp"), root.resolve("tabby/cat.bmp"));
        return root;
    }

    @Test
    void labelsWithTheWrongNumberOfLinesAreNamed(@TempDir Path tmp) throws Exception {
        List<String> all = Files.readAllLines(TestData.file("models/tflite-support/labels.txt"));
        Path shortFile = Files.write(tmp.resolve("short.txt"), all.subList(0, 10));
        for (String command : new String[] {"classify", "evaluate"}) {
            CliRun r = command.equals("classify")
                    ? CliRun.of("classify", "--model", MODEL.toString(), "--labels", shortFile.toString(), BURGER)
                    : CliRun.of("evaluate", "--model", MODEL.toString(), "--labels", shortFile.toString(),
                            "--images", classFolders(tmp).toString());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("error: --labels " + shortFile + " has 10 lines for 1001 outputs"), r.err());
        }
        // the full file is taken
        CliRun ok = CliRun.of("classify", "--model", MODEL.toString(), "--labels",
                TestData.file("models/tflite-support/labels.txt").toString(), BURGER);
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("cheeseburger"), ok.out());
    }

    @Test
    void headThatDoesNotFitNamesBothFilesAndTensors() {
        String head = Model.load(HEAD).graph().inputType(0).toString();
        String model = Model.load(MODEL).graph().outputType(0).toString();
        assertTrue(head.startsWith("uint8[1x1x1x1024]") && model.startsWith("uint8[1x1001]"), head + " / " + model);
        String expected = "error: --head " + HEAD + " takes " + head + " but " + MODEL + " gives " + model;
        for (String command : new String[] {"classify", "embed"}) {
            CliRun r = CliRun.of(command, "--model", MODEL.toString(), "--head", HEAD.toString(), "--format", "csv",
                    BURGER);
            assertEquals(1, r.exit(), r.toString());
            assertEquals(expected, r.err().strip(), command);
        }
    }

    @Test
    void noteNamesTheLabelsFromThePathTheUserGave() {
        Path model = TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant_without_subgraph_metadata.tflite");
        // relative and through '..', as a user types it: the note must not make it absolute
        Path given = Path.of("").toAbsolutePath().relativize(model.getParent()).resolve("../tflite-support")
                .resolve(model.getFileName());
        CliRun r = CliRun.of("classify", "--model", given.toString(), BURGER);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("has no labels in its metadata; using " + given.resolveSibling("labels.txt")
                + System.lineSeparator()), r.err());
        assertTrue(r.out().contains("cheeseburger"), r.out());
    }

    @Test
    void zeroByteImageSaysEmptyFile(@TempDir Path tmp) throws Exception {
        for (String name : new String[] {"empty.png", "empty.jpg", "empty.bmp"}) {
            Path empty = Files.createFile(tmp.resolve(name));
            CliRun r = CliRun.of("classify", "--model", MODEL.toString(), "--format", "jsonl", empty.toString());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().contains("\"error\":\"cannot decode image " + empty + ": empty file\""), r.out());
        }
    }
}
