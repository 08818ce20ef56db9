package org.mobilenet4j.bench;

import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetSpec;
import picocli.CommandLine.Option;

/** --arch, --alpha, --resolution: the MobileNet a benchmark builds from its layer table (random weights). */
final class ArchMixin {
    @Option(names = "--arch", defaultValue = "v1", description = "architecture (default: ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--alpha", defaultValue = "1.0", description = "width multiplier (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--resolution", defaultValue = "224", description = "resolution (default: ${DEFAULT-VALUE})")
    int resolution;

    MobileNetSpec spec() {
        return MobileNetSpec.of(Architecture.fromName(arch), alpha, resolution);
    }
}
