package org.mobilenet4j.backend;

import java.util.List;
import java.util.logging.Logger;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.backend.xnnpack.XnnpackBackend;

/** The backends this build knows, by name, and the default choice. */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());

    private Backends() {
    }

    public static List<String> names() {
        return List.of("xnnpack", "reference");
    }

    public static Backend byName(String name) {
        switch (name) {
            case "xnnpack": return new XnnpackBackend();
            case "reference": return new ReferenceBackend();
            default:
                throw new IllegalArgumentException("unknown backend '" + name + "'; available: "
                        + String.join(", ", names()));
        }
    }

    /**
     * The fastest backend available here: XNNPACK when its natives load on this platform, else the reference
     * backend, with a warning that names the platform and the reason.
     */
    public static Backend best() {
        String reason = XnnpackBackend.unavailableReason();
        if (reason == null) {
            return new XnnpackBackend();
        }
        LOG.warning(reason + "; falling back to the reference backend");
        return new ReferenceBackend();
    }
}
