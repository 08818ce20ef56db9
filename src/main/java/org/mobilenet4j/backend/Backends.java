package org.mobilenet4j.backend;

import java.util.List;
import org.mobilenet4j.backend.reference.ReferenceBackend;

/** The backends this build knows, by name. */
public final class Backends {
    private Backends() {
    }

    public static List<String> names() {
        return List.of("reference");
    }

    public static Backend byName(String name) {
        if ("reference".equals(name)) {
            return new ReferenceBackend();
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; available: " + String.join(", ", names()));
    }

    /** The fastest backend available on this platform. */
    public static Backend best() {
        return new ReferenceBackend();
    }
}
