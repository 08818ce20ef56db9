package org.mobilenet4j.arch;

import java.util.Objects;

/**
 * A MobileNet configuration: architecture, width multiplier alpha, input resolution rho and classes.
 * Validated on construction; build a graph with {@link MobileNetGraphBuilder}.
 */
public record MobileNetSpec(Architecture architecture, double alpha, int resolution, int classes) {

    public static final int IMAGENET_CLASSES = 1001;

    public MobileNetSpec {
        Objects.requireNonNull(architecture, "architecture");
        if (!(alpha > 0) || alpha > 4) {
            throw new IllegalArgumentException("alpha must be in (0, 4], got " + alpha);
        }
        if (resolution < 32 || resolution > 2048) {
            throw new IllegalArgumentException("resolution must be in [32, 2048], got " + resolution);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
    }

    public static MobileNetSpec of(Architecture architecture, double alpha, int resolution) {
        return new MobileNetSpec(architecture, alpha, resolution, IMAGENET_CLASSES);
    }

    public String displayName() {
        return "mobilenet_" + architecture.cliName() + "_" + alpha + "_" + resolution;
    }
}
