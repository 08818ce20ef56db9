package org.mobilenet4j.backend;

import org.mobilenet4j.graph.Graph;

/**
 * Compiles a {@link Graph} into something that runs it. Implementations are stateless and thread-safe, and
 * are discovered with {@link java.util.ServiceLoader} (listed in {@code META-INF/services}), so a new backend
 * touches nothing else; see {@link Backends}.
 */
public interface Backend {

    /** Short name for options and messages ("reference", "xnnpack", ...). */
    String name();

    /** Null when this backend can run here, else why not (e.g. its native libraries do not load). */
    default String reasonUnavailable() {
        return null;
    }

    /** Rank in {@link Backends#best()}'s choice: the available backend with the lowest number wins. */
    default int preference() {
        return 100;
    }

    /**
     * Prepares {@code graph} for execution: validates ops and types, packs weights. A graph that is not valid is an
     * {@link org.mobilenet4j.model.InvalidModelException}, one this backend cannot run an
     * {@link org.mobilenet4j.model.UnsupportedModelException}; a backend that cannot run here throws
     * {@link BackendUnavailableException}.
     */
    Executable compile(Graph graph, BackendOptions options);
}
