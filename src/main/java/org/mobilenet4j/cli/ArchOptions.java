package org.mobilenet4j.cli;

import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The --arch/--alpha/--resolution/--classes options shared by commands that build from a layer table. */
final class ArchOptions {
    @Option(names = "--arch", required = true, paramLabel = "ARCH",
            description = "v1, v2, v3-large, v3-small, v3-large-min or v3-small-min")
    String arch;

    @Option(names = "--alpha", defaultValue = "1.0", description = "width multiplier (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--resolution", defaultValue = "224", description = "input resolution (default: ${DEFAULT-VALUE})")
    int resolution;

    @Option(names = "--classes", defaultValue = "1001", description = "output classes (default: ${DEFAULT-VALUE})")
    int classes;

    /** The configuration; a value {@link MobileNetSpec} refuses is a usage error naming its option. */
    MobileNetSpec spec(CommandSpec command) {
        Architecture a;
        try {
            a = Architecture.fromName(arch);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command.commandLine(), "--arch: " + e.getMessage(), e);
        }
        try {
            return new MobileNetSpec(a, alpha, resolution, classes);
        } catch (IllegalArgumentException e) {
            // MobileNetSpec's messages start with the field at fault: alpha, resolution or classes, the options' names
            throw new CommandLine.ParameterException(command.commandLine(), "--" + e.getMessage(), e);
        }
    }
}
