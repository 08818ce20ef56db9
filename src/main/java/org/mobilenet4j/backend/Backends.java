package org.mobilenet4j.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * The backends on the class path, found with {@link ServiceLoader} (this package imports none of them), by
 * name, and the default choice. Thread-safe.
 */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static volatile Choice choice;

    private Backends() {
    }

    /** The default backend and why it was chosen. */
    public record Choice(String name, String reason) {
    }

    /** Every backend found, most preferred first. */
    private static List<Backend> all() {
        List<Backend> found = new ArrayList<>();
        ServiceLoader.load(Backend.class, Backends.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparingInt(Backend::preference));
        return found;
    }

    /** Names of the backends found, most preferred first ("xnnpack", "openblas", "reference"). */
    public static List<String> names() {
        return all().stream().map(Backend::name).toList();
    }

    public static Backend byName(String name) {
        for (Backend b : all()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; available: " + String.join(", ", names()));
    }

    /**
     * The most preferred backend that can run here: XNNPACK when our natives load on this platform, else
     * OpenBLAS when bytedeco's natives do, else the reference backend. The first call decides and, if it is not
     * the most preferred, logs once which backend it chose and why (the platform and each load failure).
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
                }
                c = choice;
            }
        }
        return c;
    }

    private static Choice decide() {
        List<String> reasons = new ArrayList<>();
        for (Backend b : all()) {
            String why = b.reasonUnavailable();
            if (why == null) {
                if (reasons.isEmpty()) {
                    return new Choice(b.name(), b.name() + " available");
                }
                Choice c = new Choice(b.name(), String.join("; ", reasons) + "; falling back to the " + b.name()
                        + " backend");
                LOG.warning(c.reason());
                return c;
            }
            reasons.add(why);
        }
        throw new IllegalStateException("no backend can run here: " + String.join("; ", reasons));
    }
}
