package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --model ""} is a usage error naming --model (exit 2): an empty path is the working folder, and had been
 * read as a model ("error: cannot read model : Is a directory", exit 1).
 */
class EmptyModelOptionTest {

    @ParameterizedTest
    @ValueSource(strings = {"classify", "info", "bench", "run", "retrain"})
    void emptyModelIsAUsageErrorNamingTheOption(String command) {
        CliRun r = switch (command) {
            case "classify" -> CliRun.of("classify", "--model", "", "x.jpg");
            case "run" -> CliRun.of("run", "--model", "", "--input", "in.raw", "--output", "out.raw");
            case "retrain" -> CliRun.of("retrain", "--model", "", "--images", "imgs", "--output", "o.tflite");
            default -> CliRun.of(command, "--model", "");
        };
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("'--model': an empty string names no model"), r.toString());
        assertTrue(r.err().contains("see: mobilenet4j " + command + " --help"), r.toString());
    }
}
