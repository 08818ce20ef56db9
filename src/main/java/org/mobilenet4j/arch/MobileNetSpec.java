package org.mobilenet4j.arch;

import java.util.Objects;
import org.mobilenet4j.graph.GraphValidator;

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
        int fanIn = classifierInputs(architecture, alpha);
        long maxClasses = GraphValidator.MAX_ELEMENTS / fanIn;
        if (classes > maxClasses) {
            // the classifier's weights (classes x fanIn) are one tensor: bounded before anything is allocated
            throw new IllegalArgumentException("classes must be at most " + maxClasses + " for " + architecture.cliName()
                    + " at alpha " + alpha + " (a classifier of " + fanIn + " inputs; a tensor holds at most "
                    + GraphValidator.MAX_ELEMENTS + " values), got " + classes);
        }
    }

    /** The widest layer below the classifier: its inputs, at most. */
    private static int classifierInputs(Architecture architecture, double alpha) {
        LayerTable table = architecture.table();
        int widest = 1;
        for (LayerRow row : table.rows()) {
            if (row.out() >= 0) {
                widest = Math.max(widest, table.channels(row, alpha));
            }
        }
        return widest;
    }

    public static MobileNetSpec of(Architecture architecture, double alpha, int resolution) {
        return new MobileNetSpec(architecture, alpha, resolution, IMAGENET_CLASSES);
    }

    public String displayName() {
        return "mobilenet_" + architecture.cliName() + "_" + alpha + "_" + resolution;
    }
}
