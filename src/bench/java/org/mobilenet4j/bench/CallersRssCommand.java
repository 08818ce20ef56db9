package org.mobilenet4j.bench;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.cli.ProcessMemory;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.tflite.TfliteImporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code callers-rss}: resident memory of one compiled model used by one caller, then by N concurrent callers
 * (each concurrent caller gets its own XNNPACK runtime; the packed weights are shared through the model's
 * weights cache, so N callers should cost little more than one). Run with a fixed, pre-touched heap
 * ({@code -Xms256m -Xmx256m -XX:+AlwaysPreTouch}) so that heap growth does not blur the native figures.
 */
@Command(name = "callers-rss", mixinStandardHelpOptions = true,
        description = "Resident memory of one model with 1 caller and with N concurrent callers (XNNPACK).")
public final class CallersRssCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "a .tflite file")
    Path model;

    @Option(names = "--callers", defaultValue = "8", description = "concurrent callers (default: ${DEFAULT-VALUE})")
    int callers;

    @Option(names = "--iterations", defaultValue = "30", description = "runs per caller (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--threads", defaultValue = "1", description = "threads per inference (default: ${DEFAULT-VALUE})")
    int threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (callers < 1 || iterations < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--callers and --iterations must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Graph g = TfliteImporter.read(model).graph();
        double before = ProcessMemory.rssMb();
        try (Executable exe = Backends.byName("xnnpack").compile(g, new BackendOptions(threads))) {
            runCallers(exe, g, 1);
            double one = ProcessMemory.rssMb();
            runCallers(exe, g, callers);
            double many = ProcessMemory.rssMb();
            out.printf("model %s, XNNPACK, %d thread(s) per inference, %d runs per caller%n", model.getFileName(),
                    threads, iterations);
            out.printf("VmRSS before compiling: %.0f MB%n", before);
            out.printf("VmRSS after 1 caller:   %.0f MB%n", one);
            out.printf("VmRSS after %d callers:  %.0f MB (+%.0f MB; %.2fx of 1 caller)%n", callers, many, many - one,
                    many / one);
            out.printf("peak RSS (VmHWM):       %.0f MB%n", ProcessMemory.peakRssMb());
            out.flush();
        }
        return 0;
    }

    /** {@code n} threads calling {@code exe} at once, {@link #iterations} times each, started together. */
    private void runCallers(Executable exe, Graph g, int n) throws Exception {
        CyclicBarrier start = new CyclicBarrier(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threadList = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Thread th = new Thread(() -> {
                try {
                    ByteBuffer[] in = {TensorBuffers.allocate(g.inputType(0))};
                    ByteBuffer[] outs = {TensorBuffers.allocate(exe.graph().outputType(0))};
                    start.await();
                    for (int i = 0; i < iterations; i++) {
                        exe.run(in, outs);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "caller-" + t);
            threadList.add(th);
            th.start();
        }
        for (Thread th : threadList) {
            th.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a caller failed: " + failure.get(), failure.get());
        }
    }
}
