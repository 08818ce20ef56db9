package org.mobilenet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An empty file or folder option ({@code --labels ""}, {@code --head ""}, ...) is a usage error naming the option
 * (exit 2): an empty path is the working folder, which had been read as the file and failed as a folder (exit 1).
 */
class EmptyPathOptionTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "classify, --labels",
        "classify, --head",
        "evaluate, --ground-truth",
        "evaluate, --images",
        "run, --input",
        "run, --output",
        "retrain, --images",
        "retrain, --report",
        "fetch, --cache"})
    void anEmptyPathIsAUsageErrorNamingTheOption(String command, String option) {
        // the command's other required options, with values that need not exist: parsing fails first
        String[][] required = switch (command) {
            case "classify" -> new String[][] {{"--model", "m.tflite"}};
            case "evaluate" -> new String[][] {{"--model", "m.tflite"}, {"--images", "imgs"}};
            case "run" -> new String[][] {{"--model", "m.tflite"}, {"--input", "in.raw"}, {"--output", "out.raw"}};
            case "retrain" -> new String[][] {{"--images", "imgs"}, {"--output", "o.tflite"}};
            default -> new String[0][];
        };
        List<String> args = new ArrayList<>(List.of(command));
        for (String[] o : required) {
            if (!o[0].equals(option)) {
                args.addAll(List.of(o));
            }
        }
        args.addAll(List.of(option, ""));
        if (command.equals("classify")) {
            args.add("x.jpg");
        } else if (command.equals("fetch")) {
            args.add("mobilenet_v1_0.25_128_quant");
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("'" + option + "': an empty string names no file or folder"), r.toString());
        assertTrue(r.err().contains("see: mobilenet4j " + command + " --help"), r.toString());
    }
}
