package org.mobilenet4j.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.arch.MobileNetSpec;
import org.mobilenet4j.backend.ActivationRanges;
import org.mobilenet4j.cli.ProcessMemory;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphStats;
import org.mobilenet4j.graph.Int8Quantizer;
import org.mobilenet4j.tflite.TfliteImporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code compare}: mobilenet4j against TensorFlow Lite and ONNX Runtime in one JVM, on the same model (a
 * MobileNet built from its layer table with random weights, written as .tflite for TFLite and as ONNX for
 * ONNX Runtime), runs interleaved engine by engine so machine noise hits all alike. Reports median and min
 * latency, the calling thread's CPU time per run (at one thread: the work itself, steadier than wall time on
 * a loaded machine), model load + runtime creation time, the largest output difference from mobilenet4j, and
 * the ratio of mobilenet4j's median to each other engine's (below 1: mobilenet4j is faster). With
 * {@code --int8} each model is first quantized to int8 per channel ({@link Int8Quantizer}, calibrated on
 * random inputs) and both engines run that one file, against our own run of the float model
 * ({@code mobilenet4j-xnnpack-float}); {@code --model} compares real .tflite files (uint8, int8 or float).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Benchmark mobilenet4j (XNNPACK) against TensorFlow Lite and ONNX Runtime on the same model.")
public final class CompareCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ArchMixin architecture;

    @Option(names = "--grid", description = "the 16 MobileNet v1 models alpha x rho of the paper's Figure 4")
    boolean grid;

    @Option(names = "--threads", defaultValue = "1", description = "threads per inference (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--iterations", defaultValue = "50", description = "timed runs per engine (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", defaultValue = "10", description = "untimed runs per engine (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--engines", split = ",",
            description = "engines: mobilenet4j-xnnpack, mobilenet4j-openblas, mobilenet4j-reference, tflite-xnnpack, "
                    + "tflite-xnnpack-q8 (the delegate with its quantized flags on), tflite-builtin, onnxruntime (float "
                    + "only), mobilenet4j-xnnpack-float (--int8 only); default: mobilenet4j-xnnpack,tflite-xnnpack,"
                    + "onnxruntime; with --int8 mobilenet4j-xnnpack,tflite-xnnpack-q8,tflite-xnnpack,"
                    + "mobilenet4j-xnnpack-float; with --model mobilenet4j-xnnpack,tflite-xnnpack-q8,tflite-xnnpack")
    List<String> engines;

    @Option(names = "--int8", description = "quantize each model to int8 per channel (float input and output) and "
            + "compare the engines on that file, and against our float run")
    boolean int8;

    @Option(names = "--model", description = "a .tflite file to compare on (repeatable; instead of --arch/--grid)")
    List<Path> models;

    @Option(names = "--block", defaultValue = "1",
            description = "consecutive runs per engine turn; more than 1 means fewer engine switches, each of "
                    + "which leaves cold caches and (see --settle-ms) spinning workers (default: ${DEFAULT-VALUE})")
    int block;

    @Option(names = "--settle-ms", defaultValue = "-1",
            description = "pause before each engine turn so that the previous engine's thread-pool workers, which "
                    + "spin for ~25 ms after their last task, are asleep when the next engine starts; without it a "
                    + "multi-threaded run shares its cores with them (default: 60 with more than 1 thread, else 0)")
    int settleMs;

    @Option(names = "--rounds", defaultValue = "1",
            description = "split the timed runs into this many consecutive rounds and also print the lowest and "
                    + "highest per-round ratio (first engine's median over this engine's, each round's runs only): "
                    + "a host whose speed drifts shows in that spread (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--plot", description = "write a PNG of median latency against mult-adds, one line per engine")
    Path plot;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--raw", description = "also write every timed run as CSV (model, engine, run, position in its "
            + "block, wall ms, cpu ms) to this file, to look at the distributions behind the medians")
    Path raw;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<MobileNetSpec> specs = new ArrayList<>();
        if (models != null && (grid || int8)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model cannot be combined with --grid or --int8");
        }
        if (settleMs < -1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--settle-ms must be 0 or more (or -1: 60 with more than 1 thread, else 0), got " + settleMs);
        }
        if (rounds < 1 || rounds > iterations) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rounds must be between 1 and --iterations (" + iterations + "), got " + rounds);
        }
        if (models != null) {
            // nothing to build: the files are the models
        } else if (grid) {
            for (double a : new double[] {1.0, 0.75, 0.5, 0.25}) {
                for (int r : new int[] {224, 192, 160, 128}) {
                    specs.add(MobileNetSpec.of(Architecture.V1, a, r));
                }
            }
        } else {
            specs.add(architecture.spec());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (raw != null) {
            Files.writeString(raw, "model,engine,run,position_in_block,wall_ms,cpu_ms\n", StandardCharsets.UTF_8);
        }
        JsonArray all = new JsonArray();
        if (!json) {
            out.printf("%-34s %8s %-26s %9s %9s %9s %9s %10s %11s%s%n", "model", "M MACs", "engine", "median ms",
                    "min ms", "cpu ms", "load ms", "max |diff|", "ours/theirs", rounds > 1 ? "  per round" : "");
        }
        for (MobileNetSpec s : specs) {
            Graph g = MobileNetGraphBuilder.build(s, 42);
            if (int8) {
                Graph q = Int8Quantizer.quantize(g, ActivationRanges.of(g, calibrationInputs(s.resolution())));
                try (Engines factory = new Engines(q, s.resolution(), null, g)) {
                    all.add(compare(s.displayName() + " int8", q, GraphStats.of(g).multAdds(), factory,
                            engineNames("mobilenet4j-xnnpack,tflite-xnnpack-q8,tflite-xnnpack,mobilenet4j-xnnpack-float"), out));
                }
            } else {
                try (Engines factory = new Engines(g, s)) {
                    all.add(compare(s.displayName(), g, GraphStats.of(g).multAdds(), factory,
                            engineNames("mobilenet4j-xnnpack,tflite-xnnpack,onnxruntime"), out));
                }
            }
        }
        for (Path file : models == null ? List.<Path>of() : models) {
            Graph g = TfliteImporter.read(file).graph();
            try (Engines factory = new Engines(g, g.inputType(0).dim(1), file, null)) {
                all.add(compare(file.getFileName().toString(), g, GraphStats.of(g).multAdds(), factory,
                        engineNames("mobilenet4j-xnnpack,tflite-xnnpack-q8,tflite-xnnpack"), out));
            }
        }
        if (plot != null) {
            LatencyPlot.write(all, threads, plot);
            if (!json) {
                out.println("plot: " + plot);
            }
        }
        if (json) {
            JsonObject result = new JsonObject();
            result.add("models", all);
            result.addProperty("peakRssMb", ProcessMemory.peakRssMb());
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
        } else {
            // one JVM holds every engine: run one engine per process to compare their memory
            out.printf("peak RSS of this JVM (VmHWM): %.0f MB%n", ProcessMemory.peakRssMb());
        }
        out.flush();
        return 0;
    }

    private List<String> engineNames(String defaults) {
        return engines != null ? engines : List.of(defaults.split(","));
    }

    /** Random inputs in [-1, 1], the range the float models take, for calibrating the int8 quantization. */
    static List<float[]> calibrationInputs(int resolution) {
        List<float[]> samples = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < 2; k++) {
            float[] x = new float[resolution * resolution * 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            samples.add(x);
        }
        return samples;
    }

    /** One input in the graph's type: floats in [-1, 1], or the raw integers of an 8-bit input. */
    static float[] input(Graph g) {
        DataType type = g.inputType(0).dataType();
        float[] input = new float[Math.toIntExact(g.inputType(0).elementCount())];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = type == DataType.FLOAT32 ? (float) (rnd.nextDouble() * 2 - 1)
                    : rnd.nextInt(type.qmin(), type.qmax() + 1);
        }
        return input;
    }

    private JsonObject compare(String model, Graph g, long macs, Engines factory, List<String> names, PrintWriter out)
            throws Exception {
        Map<String, Engine> open = new LinkedHashMap<>();
        Map<String, Double> loadMs = new LinkedHashMap<>();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try {
            for (String e : names) {
                long t0 = System.nanoTime();
                Engine engine;
                try {
                    engine = factory.open(e, threads);
                } catch (IllegalArgumentException ex) {
                    throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
                }
                loadMs.put(e, (System.nanoTime() - t0) / 1e6);
                open.put(e, engine);
            }
            float[] input = input(g);
            Map<String, double[]> times = new LinkedHashMap<>();
            Map<String, double[]> cpuTimes = new LinkedHashMap<>();
            for (Engine e : open.values()) {
                e.setInput(input);
                for (int i = 0; i < warmup; i++) {
                    e.run();
                }
                times.put(e.name(), new double[iterations]);
                cpuTimes.put(e.name(), new double[iterations]);
            }
            List<Engine> order = new ArrayList<>(open.values());
            int step = Math.max(1, block);
            int settle = settleMs >= 0 ? settleMs : threads > 1 ? 60 : 0;
            for (int i = 0; i < iterations; i += step) {
                for (int k = 0; k < order.size(); k++) {
                    Engine e = order.get(turn(i / step, k, order.size()));
                    if (settle > 0) {
                        Thread.sleep(settle);
                    }
                    for (int j = i; j < Math.min(iterations, i + step); j++) {
                        long c0 = cpu.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        e.run();
                        times.get(e.name())[j] = (System.nanoTime() - t0) / 1e6;
                        cpuTimes.get(e.name())[j] = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
                    }
                }
            }
            if (raw != null) {
                appendRaw(model, times, cpuTimes);
            }
            float[] reference = open.values().iterator().next().output();
            String first = open.values().iterator().next().name();
            double ours = median(times.get(first));
            JsonObject result = new JsonObject();
            result.addProperty("model", model);
            result.addProperty("multAdds", macs);
            result.addProperty("threads", threads);
            JsonArray rows = new JsonArray();
            for (Engine e : open.values()) {
                double[] t = times.get(e.name());
                float[] o = e.output();
                double diff = 0;
                for (int i = 0; i < Math.min(o.length, reference.length); i++) {
                    diff = Math.max(diff, Math.abs(o[i] - reference[i]));
                }
                double med = median(t);
                double min = Arrays.stream(t).min().orElse(0);
                double cpuMed = median(cpuTimes.get(e.name()));
                JsonObject row = new JsonObject();
                row.addProperty("engine", e.name());
                row.addProperty("medianMs", med);
                row.addProperty("minMs", min);
                row.addProperty("cpuMedianMs", cpuMed);
                row.addProperty("loadMs", loadMs.get(e.name()));
                row.addProperty("maxAbsDiff", diff);
                row.addProperty("ratio", ours / med);
                String spread = "";
                if (rounds > 1) {
                    double[] r = roundRatios(times.get(first), t);
                    double lo = Arrays.stream(r).min().orElse(0);
                    double hi = Arrays.stream(r).max().orElse(0);
                    row.addProperty("ratioRoundMin", lo);
                    row.addProperty("ratioRoundMax", hi);
                    spread = String.format("  %.3f-%.3f", lo, hi);
                }
                rows.add(row);
                if (!json) {
                    out.printf("%-34s %8.1f %-26s %9.3f %9.3f %9.3f %9.1f %10.2e %11.3f%s%n", model, macs / 1e6,
                            e.name(), med, min, cpuMed, loadMs.get(e.name()), diff, ours / med, spread);
                }
            }
            result.add("engines", rows);
            out.flush();
            return result;
        } finally {
            for (Engine e : open.values()) {
                e.close();
            }
        }
    }

    private void appendRaw(String model, Map<String, double[]> times, Map<String, double[]> cpuTimes) throws IOException {
        StringBuilder csv = new StringBuilder();
        String quotedModel = '"' + model.replace("\"", "\"\"") + '"';   // a file name may hold commas
        for (Map.Entry<String, double[]> e : times.entrySet()) {
            double[] cpuMs = cpuTimes.get(e.getKey());
            for (int j = 0; j < e.getValue().length; j++) {
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.4f,%.4f%n", quotedModel, e.getKey(), j,
                        j % Math.max(1, block), e.getValue()[j], cpuMs[j]));
            }
        }
        Files.writeString(raw, csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /**
     * The engine at place {@code k} of engine-turn cycle {@code cycle}: the order rotates by one each cycle and
     * runs backwards on every other pass through the rotations. With a plain rotation of three engines, ours
     * followed the third (TFLite without its delegate, whose code and memory leave the caches cold) in two turns
     * out of three while TFLite with XNNPACK followed ours; now the first two follow the third equally often.
     */
    static int turn(int cycle, int k, int engines) {
        int place = (cycle / engines) % 2 == 0 ? k : engines - 1 - k;
        return (cycle + place) % engines;
    }

    /** Per round of consecutive runs (--rounds), the first engine's median over the other's. */
    private double[] roundRatios(double[] first, double[] other) {
        double[] r = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            int from = (int) ((long) k * first.length / rounds);
            int to = (int) ((long) (k + 1) * first.length / rounds);
            r[k] = median(Arrays.copyOfRange(first, from, to)) / median(Arrays.copyOfRange(other, from, to));
        }
        return r;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
