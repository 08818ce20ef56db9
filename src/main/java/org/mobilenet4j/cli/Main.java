package org.mobilenet4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar mobilenet4j.jar}: one subcommand per class in this package. */
@Command(name = "mobilenet4j", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "MobileNet image classifiers for Java.",
        subcommands = {ClassifyCommand.class, EvaluateCommand.class, FetchCommand.class, InfoCommand.class, RunCommand.class, BenchCommand.class, RetrainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cl;
    }
}
