package org.mobilenet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Option(names = "--mirror", description = "fetch from this base URL instead of each file's own host")
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
            CatalogEntry e = catalog.find(name).orElseThrow(() -> new IllegalArgumentException(
                    "no catalog entry '" + name + "' (see: fetch --list)"));
            out.println(fetcher.fetch(name));
            for (String related : new String[] {e.head(), e.labels()}) {
                if (related != null) {
                    out.println(fetcher.fetch(related));
                }
            }
        }
        out.flush();
        return 0;
    }
}
