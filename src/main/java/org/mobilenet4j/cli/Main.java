package org.mobilenet4j.cli;

import java.util.concurrent.Callable;
import org.mobilenet4j.batch.ErrorText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code java -jar mobilenet4j.jar}: one subcommand per class in this package. Exit codes: 0 ok,
 * 1 an input (model, image, file, network) failed, 2 usage (a bad or missing option; no command).
 */
@Command(name = "mobilenet4j", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "MobileNet image classifiers for Java.",
        subcommands = {ClassifyCommand.class, EmbedCommand.class, EvaluateCommand.class, FetchCommand.class, InfoCommand.class, RunCommand.class, BenchCommand.class, RetrainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command: the usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: give a command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    public static void main(String[] args) {
        oneLineWarnings();
        System.exit(commandLine().execute(args));
    }

    /**
     * The library's java.util.logging warnings (corrupt metadata, a backend that did not load) as the CLI's own
     * lines, "warning: ..." on stderr, not the JDK's two-line "Dec 07, 2026 9:17:49 PM org...Reader read" form;
     * a logging configuration the user gave (a config file or format property) is left alone.
     */
    static void oneLineWarnings() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null
                || System.getProperty("java.util.logging.SimpleFormatter.format") != null) {
            return;
        }
        for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
            h.setFormatter(new java.util.logging.Formatter() {
                @Override
                public String format(java.util.logging.LogRecord r) {
                    return r.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": " + formatMessage(r)
                            + System.lineSeparator();
                }
            });
        }
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.registerConverter(java.nio.file.Path.class, new PathOption());
        cl.setExecutionStrategy(JsonFailure.watchingOutput());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String message = UnknownOptions.explain(ex, args);
            c.getErr().println("error: " + message);
            c.getErr().println("see: " + c.getCommandSpec().qualifiedName() + " --help");
            c.getErr().flush();
            JsonFailure.report(c, java.util.List.of(args), message, 2);
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String message = ErrorText.of(ex);
            commandLine.getErr().println("error: " + message);
            commandLine.getErr().flush();
            JsonFailure.report(commandLine, parseResult.originalArgs(), message, 1);
            return 1;
        });
        return cl;
    }
}
