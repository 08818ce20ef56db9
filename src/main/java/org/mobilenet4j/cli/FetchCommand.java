package org.mobilenet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mobilenet4j.batch.ErrorText;
import org.mobilenet4j.catalog.CatalogEntry;
import org.mobilenet4j.catalog.ModelCatalog;
import org.mobilenet4j.catalog.ModelFetcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fetch}: download catalog models, check their sha256 and cache them. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Download catalog models (and their heads and labels), verify their sha256 and cache them.")
public final class FetchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "catalog names (see --list)")
    List<String> names = List.of();

    @Option(names = "--list", description = "list the catalog")
    boolean list;

    @Option(names = "--cache", description = "cache folder (default: $MOBILENET4J_CACHE or ~/.mobilenet4j/models)")
    Path cache;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "a flat mirror: each file is fetched as URL/NAME, NAME being the last part of its catalog "
                    + "URL (default: each file's own URL)")
    String mirror;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ModelCatalog catalog = ModelCatalog.load();
        if (list || names.isEmpty()) {
            for (CatalogEntry e : catalog.entries()) {
                out.printf("%-36s %s%n", e.name(), e.description());
            }
            out.flush();
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        ModelFetcher fetcher = new ModelFetcher(catalog, cache != null ? cache : ModelFetcher.defaultCache(),
                mirror, message -> {
                    err.println(message);
                    err.flush();
                });
        for (String name : names) {
            CatalogEntry e = catalog.find(name).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "no catalog entry '" + name + "' (see: fetch --list)"));
            for (String file : new String[] {name, e.head(), e.labels()}) {
                if (file != null) {
                    try {
                        out.println(fetcher.fetch(file));
                    } catch (IOException ex) {
                        throw new IOException("cannot fetch " + file + ": " + ErrorText.of(ex), ex);
                    }
                }
            }
        }
        out.flush();
        return 0;
    }
}
