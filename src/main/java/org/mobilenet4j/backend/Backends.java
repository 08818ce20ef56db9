package org.mobilenet4j.backend;

import java.util.List;
import java.util.logging.Logger;
import org.mobilenet4j.backend.openblas.OpenblasBackend;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.backend.xnnpack.XnnpackBackend;

/** The backends this build knows, by name, and the default choice. */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static volatile Choice choice;

    private Backends() {
    }

    /** The default backend and why it was chosen. */
    public record Choice(String name, String reason) {
    }

    public static List<String> names() {
        return List.of("xnnpack", "openblas", "reference");
    }

    public static Backend byName(String name) {
        switch (name) {
            case "xnnpack": return new XnnpackBackend();
            case "openblas": return new OpenblasBackend();
            case "reference": return new ReferenceBackend();
            default:
                throw new IllegalArgumentException("unknown backend '" + name + "'; available: "
                        + String.join(", ", names()));
        }
    }

    /**
     * The fastest backend available here: XNNPACK when our natives load on this platform, else OpenBLAS when
     * bytedeco's natives do, else the reference backend. The first call decides and, if it is not XNNPACK,
     * logs once which backend it chose and why (the platform and each load failure).
     */
    public static Backend best() {
        return byName(choice().name());
    }

    /** The decision {@link #best()} makes, made once per JVM. */
    public static Choice choice() {
        Choice c = choice;
        if (c == null) {
            synchronized (Backends.class) {
                if (choice == null) {
                    choice = decide();
                    if (!choice.name().equals("xnnpack")) {
                        LOG.warning(choice.reason());
                    }
                }
                c = choice;
            }
        }
        return c;
    }

    private static Choice decide() {
        String xnnpack = XnnpackBackend.unavailableReason();
        if (xnnpack == null) {
            return new Choice("xnnpack", "XNNPACK natives loaded");
        }
        String openblas = OpenblasBackend.unavailableReason();
        if (openblas == null) {
            return new Choice("openblas", xnnpack + "; falling back to the openblas backend");
        }
        return new Choice("reference", xnnpack + "; " + openblas + "; falling back to the reference backend");
    }
}
