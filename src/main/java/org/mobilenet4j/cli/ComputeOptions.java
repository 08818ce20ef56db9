package org.mobilenet4j.cli;

import java.util.Iterator;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The --backend and --threads options of every command that runs a model. */
final class ComputeOptions {

    /** The backend names, from {@link Backends#names()}, for help texts. */
    static final class BackendNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Backends.names().iterator();
        }
    }

    @Option(names = "--backend", completionCandidates = BackendNames.class, paramLabel = "NAME",
            description = "${COMPLETION-CANDIDATES} (default: the first of these whose natives load here)")
    String backend;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
            description = "threads per inference, at most the number of cores (default: ${DEFAULT-VALUE})")
    int threads;

    /** The chosen backend; an unknown name is a usage error naming --backend. */
    Backend backend(CommandSpec spec) {
        return backend == null ? Backends.best() : backendNamed(backend, spec);
    }

    /** The backend {@code name}, for every command's --backend; an unknown name is a usage error naming it. */
    static Backend backendNamed(String name, CommandSpec spec) {
        if (!Backends.names().contains(name)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--backend: unknown backend '" + name
                    + "'; available: " + String.join(", ", Backends.names()));
        }
        return Backends.byName(name);
    }

    /** --threads, checked and capped at the core count (with a warning on stderr). */
    int threads(CommandSpec spec) {
        return Cores.cap(spec, "--threads", threads);
    }
}
