package org.mobilenet4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Thread-count options: at least 1 (else a usage error), at most the cores here (else capped, with a warning). */
final class Cores {
    private Cores() {
    }

    static int available() {
        return Runtime.getRuntime().availableProcessors();
    }

    static int cap(CommandSpec spec, String option, int value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        }
        int cores = available();
        if (value > cores) {
            spec.commandLine().getErr().println("warning: " + option + " " + value + " is more than the " + cores
                    + " cores here; using " + cores);
            spec.commandLine().getErr().flush();
            return cores;
        }
        return value;
    }
}
