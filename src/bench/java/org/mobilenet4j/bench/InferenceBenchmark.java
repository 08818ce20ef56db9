package org.mobilenet4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.arch.MobileNetSpec;
import org.mobilenet4j.graph.Graph;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one inference of a MobileNet built from its layer table (random weights, seed 42), per engine, with the
 * engines of {@code compare} (the same graph as .tflite for TFLite, as ONNX for ONNX Runtime). Each engine is
 * measured in its own forked JVM, so JMH's figures are per engine and not interleaved; {@code compare} is the
 * interleaved side-by-side run. Run:
 * {@code java -cp target/mobilenet4j-bench.jar org.openjdk.jmh.Main InferenceBenchmark -p engine=...}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xss4m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InferenceBenchmark {
    @Param({"mobilenet4j-xnnpack", "mobilenet4j-openblas", "tflite-xnnpack", "onnxruntime"})
    public String engine;

    @Param({"v1"})
    public String arch;

    @Param({"1.0"})
    public double alpha;

    @Param({"224"})
    public int resolution;

    @Param({"1", "2"})
    public int threads;

    private Engines engines;
    private Engine open;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        MobileNetSpec spec = MobileNetSpec.of(Architecture.fromName(arch), alpha, resolution);
        Graph g = MobileNetGraphBuilder.build(spec, 42);
        engines = new Engines(g, spec);
        open = engines.open(engine, threads);
        float[] input = new float[resolution * resolution * 3];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (r.nextDouble() * 2 - 1);
        }
        open.setInput(input);
    }

    @Benchmark
    public void inference() throws Exception {
        open.run();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        open.close();
        engines.close();
    }
}
