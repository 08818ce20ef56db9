package org.mobilenet4j.cli;

import org.mobilenet4j.retrain.Split;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The --validation-percent and --test-percent options of {@code retrain} and {@code evaluate}: one split rule. */
final class SplitOptions {
    static final String VALIDATION = "--validation-percent";
    static final String TEST = "--test-percent";

    @Option(names = VALIDATION, defaultValue = "10", paramLabel = "P", description = "percent of each class's images "
            + "(chosen by a hash of the file name, as retrain.py does) held out to stop training early "
            + "(default: ${DEFAULT-VALUE})")
    double validationPercent;

    @Option(names = TEST, defaultValue = "10", paramLabel = "P", description = "percent of each class's images "
            + "(chosen by a hash of the file name) held out to measure the accuracy (default: ${DEFAULT-VALUE})")
    double testPercent;

    /** Both percentages, checked: out of [0, 100) or summing to 100 or more is a usage error naming the option. */
    SplitOptions check(CommandSpec spec) {
        try {
            Split.checkPercentages(validationPercent, testPercent, VALIDATION, TEST);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return this;
    }
}
