package org.mobilenet4j.cli;

import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetSpec;
import picocli.CommandLine.Option;

/** The --arch/--alpha/--resolution/--classes options shared by commands that build from a layer table. */
final class ArchOptions {
    @Option(names = "--arch", required = true,
            description = "v1, v2, v3-large, v3-small, v3-large-min or v3-small-min")
    String arch;

    @Option(names = "--alpha", defaultValue = "1.0", description = "width multiplier (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--resolution", defaultValue = "224", description = "input resolution (default: ${DEFAULT-VALUE})")
    int resolution;

    @Option(names = "--classes", defaultValue = "1001", description = "output classes (default: ${DEFAULT-VALUE})")
    int classes;

    MobileNetSpec spec() {
        return new MobileNetSpec(Architecture.fromName(arch), alpha, resolution, classes);
    }
}
