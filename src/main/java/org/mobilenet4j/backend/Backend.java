package org.mobilenet4j.backend;

import org.mobilenet4j.graph.Graph;

/** Compiles a {@link Graph} into something that runs it. Implementations are stateless and thread-safe. */
public interface Backend {

    /** Short name for options and messages ("reference", "xnnpack", ...). */
    String name();

    /** Prepares {@code graph} for execution: validates ops and types, packs weights. */
    Executable compile(Graph graph, BackendOptions options);
}
