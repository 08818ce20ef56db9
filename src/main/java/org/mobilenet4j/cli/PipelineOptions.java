package org.mobilenet4j.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The --workers and --fail-fast options of commands that stream many images through a model. */
final class PipelineOptions {
    @Option(names = "--workers", paramLabel = "N",
            description = "images in flight (each decoded, resized and inferred on its own worker thread; one "
                    + "worker's decoding overlaps another's inference), at most the number of cores (default: 2, "
                    + "or 1 on one core)")
    Integer workers;

    @Option(names = "--fail-fast", description = "stop at the first image that fails (default: report it and go on)")
    boolean failFast;

    int workers(CommandSpec spec) {
        return workers == null ? Math.min(2, Cores.available()) : Cores.cap(spec, "--workers", workers);
    }
}
