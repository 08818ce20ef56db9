package org.mobilenet4j.bench;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.arch.MobileNetSpec;
import org.mobilenet4j.backend.ActivationRanges;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.xnnpack.OperatorProfiler;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Int8Quantizer;
import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.tflite.TfliteWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code operators}: mobilenet4j's XNNPACK operators against those of TFLite's XNNPACK delegate on the same
 * .tflite file, each timed by XNNPACK's own per-operator clock ({@link OperatorProfiler},
 * {@link TfliteOperatorTimes}), interleaved in blocks with both engines run unprofiled too (as {@code compare}
 * runs them), the first round discarded. Shows where two runs of the same kernels differ: operator by operator,
 * per operator kind, in total, and what is left outside the operators.
 */
@Command(name = "operators", mixinStandardHelpOptions = true,
        description = "Time each XNNPACK operator in mobilenet4j and in TFLite's XNNPACK delegate on the same model.")
public final class OperatorsCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ArchMixin architecture;

    @Option(names = "--int8", description = "quantize the model to int8 per channel first (as compare --int8)")
    boolean int8;

    @Option(names = "--model", description = "a .tflite file instead of --arch")
    Path model;

    @Option(names = "--threads", defaultValue = "1", description = "threads per inference (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--rounds", defaultValue = "11", description = "rounds of one block per engine; the first is "
            + "warm-up (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--block", defaultValue = "20", description = "runs per engine per round (default: ${DEFAULT-VALUE})")
    int block;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rounds < 2 || block < 1 || threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rounds must be at least 2, --block and --threads at least 1");
        }
        if (model != null && int8) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model cannot be combined with --int8");
        }
        Path file = model;
        if (file == null) {
            MobileNetSpec s = architecture.spec();
            Graph g = MobileNetGraphBuilder.build(s, 42);
            if (int8) {
                g = Int8Quantizer.quantize(g, ActivationRanges.of(g, CompareCommand.calibrationInputs(s.resolution())));
            }
            file = Files.createTempFile("mobilenet4j-operators-", ".tflite");
            file.toFile().deleteOnExit();
            TfliteWriter.write(g, file);
        }
        Graph g = TfliteImporter.read(file).graph();
        float[] x = CompareCommand.input(g);
        ByteBuffer input = TensorBuffers.allocate(g.inputType(0));
        EngineData.put(input, x, g.inputType(0).dataType().isQuantized8()); // position stays at 0
        ByteBuffer[] in = {input};
        ByteBuffer[] out = {TensorBuffers.allocate(g.outputType(0))};
        try (OperatorProfiler ours = OperatorProfiler.compile(g, new BackendOptions(threads));
             TfliteOperatorTimes theirs = new TfliteOperatorTimes(file, threads, input);
             Engine oursPlain = new Mobilenet4jEngine(g, "xnnpack", threads);
             Engine theirsPlain = new TfliteEngine(file, TfliteEngine.Mode.XNNPACK_QUANTIZED, threads)) {
            oursPlain.setInput(x);
            theirsPlain.setInput(x);
            List<String> ourOps = ours.operators();
            List<String> theirOps = theirs.operators();
            double[] ourSum = new double[ourOps.size()];
            double[] theirSum = new double[theirOps.size()];
            long ourWall = 0;
            long theirWall = 0;
            long[] plainWall = new long[2];
            for (int r = 0; r < rounds; r++) {
                int k = 0;
                for (Engine e : List.of(theirsPlain, oursPlain)) {
                    for (int i = 0; i < block; i++) {
                        long t0 = System.nanoTime();
                        e.run();
                        if (r > 0) {
                            plainWall[k] += System.nanoTime() - t0;
                        }
                    }
                    k++;
                }
                for (int i = 0; i < block; i++) {
                    long t0 = System.nanoTime();
                    long[] m = theirs.run();
                    long t1 = System.nanoTime();
                    if (r > 0) {
                        add(theirSum, m);
                        theirWall += t1 - t0;
                    }
                }
                for (int i = 0; i < block; i++) {
                    long t0 = System.nanoTime();
                    long[] m = ours.run(in, out);
                    long t1 = System.nanoTime();
                    if (r > 0) {
                        add(ourSum, m);
                        ourWall += t1 - t0;
                    }
                }
            }
            int runs = (rounds - 1) * block;
            print(spec.commandLine().getOut(), file, ourOps, ourSum, theirOps, theirSum, runs,
                    ourWall / 1e3 / runs, theirWall / 1e3 / runs);
            spec.commandLine().getOut().printf("wall per run (not profiled, the same rounds): mobilenet4j %.1f us, "
                    + "TFLite %.1f us, ratio %.3f%n", plainWall[1] / 1e3 / runs, plainWall[0] / 1e3 / runs,
                    (double) plainWall[1] / plainWall[0]);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static void add(double[] sum, long[] run) {
        for (int i = 0; i < Math.min(sum.length, run.length); i++) {
            sum[i] += run[i];
        }
    }

    private void print(PrintWriter o, Path file, List<String> ourOps, double[] ourSum, List<String> theirOps,
                       double[] theirSum, int runs, double ourWallUs, double theirWallUs) {
        o.printf("%s, %d thread(s), mean us per operator over %d runs per engine (XNNPACK's clock, whole us)%n",
                file.getFileName(), threads, runs);
        if (ourOps.size() != theirOps.size()) {
            o.printf("note: %d operators here, %d in TFLite: rows pair by position only%n", ourOps.size(), theirOps.size());
        }
        o.printf("%4s  %-34s %9s  %-34s %9s %8s%n", "#", "mobilenet4j", "us", "TFLite 2.19 delegate", "us", "ours-TFL");
        double ours = 0;
        double tfl = 0;
        Map<String, double[]> kinds = new LinkedHashMap<>();
        for (int i = 0; i < Math.max(ourOps.size(), theirOps.size()); i++) {
            double a = i < ourOps.size() ? ourSum[i] / runs : 0;
            double b = i < theirOps.size() ? theirSum[i] / runs : 0;
            ours += a;
            tfl += b;
            String name = i < ourOps.size() ? ourOps.get(i) : "";
            double[] k = kinds.computeIfAbsent(name, n -> new double[2]);
            k[0] += a;
            k[1] += b;
            o.printf("%4d  %-34s %9.1f  %-34s %9.1f %+8.1f%n", i, name, a, i < theirOps.size() ? theirOps.get(i) : "",
                    b, a - b);
        }
        o.println("per kind (by mobilenet4j's operator names):");
        kinds.forEach((name, k) -> o.printf("      %-34s %9.1f  %-34s %9.1f %+8.1f%n", name, k[0], "", k[1], k[0] - k[1]));
        o.printf("operators total: mobilenet4j %.1f us, TFLite %.1f us, ratio %.3f%n", ours, tfl, ours / tfl);
        o.printf("wall per run (profiled): mobilenet4j %.1f us, TFLite %.1f us, ratio %.3f%n", ourWallUs, theirWallUs,
                ourWallUs / theirWallUs);
        o.flush();
    }
}
