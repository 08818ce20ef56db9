package org.mobilenet4j.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphStats;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.batch.OutputFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: latency of one inference (batch 1) on a backend, for a MobileNet built from its layer
 * table with deterministic random weights. Reports median and minimum over the timed iterations.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, modelTransformer = OutputOptions.Help.class,
        description = {"Measure inference latency of a MobileNet (random weights, or a --model) on a backend; with "
                + "--images, end-to-end images/s over a folder against inference alone.", "Formats: text, json."})
public final class BenchCommand implements Callable<Integer>, OutputOptions.Offered {

    @CommandLine.ArgGroup(exclusive = false)
    ArchOptions archOptions;

    @Option(names = "--model", converter = ModelReference.Name.class, description = "benchmark a .tflite file (or catalog name) instead of a layer table")
    String model;

    @CommandLine.Mixin
    ComputeOptions compute;

    @CommandLine.Mixin
    OutputOptions output;

    @CommandLine.Mixin
    PipelineOptions pipeline;

    @Option(names = "--images", paramLabel = "INPUT", description = "measure images/s end-to-end (decode, resize, "
            + "inference with --workers) over these inputs (a folder, files, globs) against inference alone "
            + "on the same --model; repeatable")
    List<String> images;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "R",
            description = "with --images: go over the inputs R times (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--dequantize", description = "run a quantized --model in float (weights dequantized), to "
            + "compare uint8 with float on the same model")
    boolean dequantize;

    @Option(names = "--iterations", defaultValue = "20", description = "timed runs (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", defaultValue = "3", description = "untimed runs first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--profile", description = "after the timed runs, time each XNNPACK operator over as many runs "
            + "(xnnpack backend only): median us per operator in run order and per operator kind")
    boolean profile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((archOptions == null) == (model == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --arch or --model");
        }
        if (iterations < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--iterations must be >= 1, --warmup >= 0");
        }
        boolean json = output.format(spec) == org.mobilenet4j.batch.OutputFormat.JSON;
        if (images != null) {
            if (model == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--images needs --model");
            }
            if (profile) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--profile does not apply to --images: "
                        + "it profiles one inference of --model");
            }
            if (repeat < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
            }
            return ImageThroughput.measure(spec, model, compute, pipeline, images, repeat, warmup, json);
        }
        int threads = compute.threads(spec);
        Graph graph = model != null
                ? org.mobilenet4j.tflite.TfliteImporter.read(ModelReference.resolve(model).model()).graph()
                : MobileNetGraphBuilder.build(archOptions.spec(spec));
        if (dequantize) {
            graph = org.mobilenet4j.graph.Dequantizer.toFloat(graph);
        }
        long multAdds = GraphStats.of(graph).multAdds();
        double[] ms = new double[iterations];
        org.mobilenet4j.backend.Backend engine = compute.backend(spec);
        if (profile && !(engine instanceof org.mobilenet4j.backend.xnnpack.XnnpackBackend)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--profile needs the xnnpack backend, not "
                    + engine.name());
        }
        OperatorTimes times = null;
        long load0 = System.nanoTime();
        double loadMs;
        try (Executable exe = engine.compile(graph, new BackendOptions(threads))) {
            loadMs = (System.nanoTime() - load0) / 1e6;
            // every input and output of the model: one with two outputs (logits and softmax) is timed as it runs
            ByteBuffer[] in = new ByteBuffer[graph.inputs().length];
            for (int i = 0; i < in.length; i++) {
                in[i] = randomInput(graph.inputType(i));
            }
            ByteBuffer[] out = new ByteBuffer[exe.graph().outputs().length];
            for (int i = 0; i < out.length; i++) {
                out[i] = TensorBuffers.allocate(exe.graph().outputType(i));
            }
            for (int i = 0; i < warmup; i++) {
                exe.run(in, out);
            }
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                exe.run(in, out);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            if (profile) {
                times = OperatorTimes.measure(graph, threads, in, out, warmup, iterations);
            }
        }
        Arrays.sort(ms);
        double median = iterations % 2 == 1 ? ms[iterations / 2] : (ms[iterations / 2 - 1] + ms[iterations / 2]) / 2;
        double min = ms[0];
        double gflops = 2.0 * multAdds / (median * 1e6);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            JsonObject r = new JsonObject();
            r.addProperty("model", graph.name());
            r.addProperty("backend", engine.name());
            r.addProperty("loadMs", loadMs);
            r.addProperty("threads", threads);
            r.addProperty("iterations", iterations);
            r.addProperty("medianMs", median);
            r.addProperty("minMs", min);
            r.addProperty("multAdds", multAdds);
            r.addProperty("gflops", gflops);
            r.addProperty("peakRssMb", ProcessMemory.json(ProcessMemory.peakRss()));
            if (times != null) {
                times.addTo(r);
            }
            o.println(Json.GSON.toJson(r));
        } else {
            o.printf("%s on %s, %d thread(s), %d iterations: median %.3f ms, min %.3f ms, %.1f M mult-adds, %.2f GFLOP/s,"
                    + " load + compile %.1f ms, peak RSS %s%n", graph.name(), engine.name(), threads, iterations,
                    median, min, multAdds / 1e6, gflops, loadMs, ProcessMemory.text(ProcessMemory.peakRss(), "%.0f MB"));
            if (times != null) {
                times.print(o);
            }
        }
        o.flush();
        return 0;
    }

    private static ByteBuffer randomInput(TensorType type) {
        ByteBuffer b = TensorBuffers.allocate(type);
        SplittableRandom r = new SplittableRandom(7);
        for (long i = 0; i < type.elementCount(); i++) {
            if (type.dataType() == org.mobilenet4j.graph.DataType.FLOAT32) {
                b.putFloat((float) (r.nextDouble() * 2 - 1));
            } else {
                b.put((byte) r.nextInt(256));
            }
        }
        return b.flip();
    }

    @Override
    public Set<OutputFormat> formats() {
        return OutputOptions.SINGLE_OBJECT;
    }
}
