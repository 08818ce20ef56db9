package org.mobilenet4j.bench;

import org.mobilenet4j.cli.Main;
import picocli.CommandLine;

/** Entry point of target/mobilenet4j-bench.jar: every mobilenet4j command plus {@code compare}, {@code tflite-loop},
 * {@code tflite-outputs} and {@code callers-rss}. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        CommandLine cl = Main.commandLine();
        cl.addSubcommand("compare", new CompareCommand());
        cl.addSubcommand("tflite-loop", new TfliteLoopCommand());
        cl.addSubcommand("tflite-outputs", new TfliteOutputsCommand());
        cl.addSubcommand("callers-rss", new CallersRssCommand());
        cl.addSubcommand("xnnpack-node-drift", new XnnpackNodeDriftCommand());
        cl.addSubcommand("operators", new OperatorsCommand());
        System.exit(cl.execute(args));
    }
}
