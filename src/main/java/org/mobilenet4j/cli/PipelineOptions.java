package org.mobilenet4j.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The --workers and --fail-fast options of commands that stream many images through a model. */
final class PipelineOptions {
    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "images in flight (each decoded, resized and inferred on its own worker thread; one "
                    + "worker's decoding overlaps another's inference), at most the number of cores (default: "
                    + "${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--fail-fast", description = "stop at the first image that fails (default: report it and go on)")
    boolean failFast;

    int workers(CommandSpec spec) {
        return Cores.cap(spec, "--workers", workers);
    }
}
