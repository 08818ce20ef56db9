package org.mobilenet4j.backend.xnnpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.tflite.TfliteImporter;

/** XNNPACK's per-operator times, checked against the graph that runs and the run's own wall time. */
class OperatorProfilerTest {
    private static final String FLOAT = "models/aosp-mlts/mobilenet_v1_0.25_128.tflite";

    private static Graph graph(String model) throws Exception {
        return TfliteImporter.read(TestData.file(model)).graph();
    }

    private static ByteBuffer[] input(Graph g) throws Exception {
        byte[] bytes = Files.readAllBytes(TestData.file("golden/aosp-mlts/mobilenet_float/cup_128.input"));
        ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
        in.put(bytes).flip();
        return new ByteBuffer[] {in};
    }

    private static long count(Graph g, Class<? extends Op> op) {
        return g.nodes().stream().filter(n -> op.isInstance(n.op())).count();
    }

    @Test
    void oneOperatorPerConvolutionNamedForItsKernelFamily() throws Exception {
        Graph g = graph(FLOAT);
        try (OperatorProfiler p = OperatorProfiler.compile(g, BackendOptions.defaults())) {
            List<String> ops = p.operators();
            long depthwise = ops.stream().filter(s -> s.equals("Convolution (NHWC, F32) DWConv")).count();
            long convolutions = ops.stream().filter(s -> s.matches("Convolution \\(NHWC, F32\\) I?GEMM")).count();
            assertEquals(count(g, Op.DepthwiseConv2d.class), depthwise, ops.toString());
            assertEquals(count(g, Op.Conv2d.class), convolutions, ops.toString());
        }
        Graph quantized = graph("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite");
        try (OperatorProfiler p = OperatorProfiler.compile(quantized, BackendOptions.defaults())) {
            assertEquals(count(quantized, Op.DepthwiseConv2d.class),
                    p.operators().stream().filter(s -> s.equals("Convolution (NHWC, QU8) DWConv")).count(),
                    p.operators().toString());
        }
    }

    @Test
    void timesAddUpToLessThanTheRunAndSitInTheConvolutions() throws Exception {
        Graph g = graph(FLOAT);
        ByteBuffer[] in = input(g);
        ByteBuffer[] out = {TensorBuffers.allocate(g.outputType(0))};
        int runs = 31;
        try (OperatorProfiler p = OperatorProfiler.compile(g, BackendOptions.defaults())) {
            List<String> ops = p.operators();
            long[][] micros = new long[ops.size()][runs];
            long[] wall = new long[runs];
            p.run(in, out);
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                long[] m = p.run(in, out);
                wall[r] = (System.nanoTime() - t0) / 1000;
                assertEquals(ops.size(), m.length);
                long sum = 0;
                for (int i = 0; i < m.length; i++) {
                    assertTrue(m[i] >= 0);
                    micros[i][r] = m[i];
                    sum += m[i];
                }
                assertTrue(sum <= wall[r] + 1, "operators " + sum + " us within a run of " + wall[r] + " us");
            }
            long total = 0;
            long convolutions = 0;
            for (int i = 0; i < ops.size(); i++) {
                long median = median(micros[i]);
                total += median;
                if (ops.get(i).contains("Convolution")) {
                    convolutions += median;
                }
            }
            // 99.9 % of the mult-adds are in the convolutions (GraphStats); the rest are a pool, a softmax, a copy
            assertTrue(convolutions >= 0.8 * total, convolutions + " of " + total + " us in convolutions: " + ops);
            assertTrue(total >= 0.5 * median(wall), "operators " + total + " us of a " + median(wall) + " us run");
        }
    }

    @Test
    void profiledRunsComputeWhatOrdinaryRunsDoFromManyThreads() throws Exception {
        Graph g = graph(FLOAT);
        ByteBuffer[] in = input(g);
        ByteBuffer expected = TensorBuffers.allocate(g.outputType(0));
        try (Executable plain = new XnnpackBackend().compile(g, BackendOptions.defaults())) {
            plain.run(in, new ByteBuffer[] {expected});
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (OperatorProfiler p = OperatorProfiler.compile(g, BackendOptions.defaults())) {
            List<Future<ByteBuffer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
                    for (int r = 0; r < 5; r++) {
                        assertEquals(p.operators().size(), p.run(new ByteBuffer[] {in[0].duplicate().order(ByteOrder.nativeOrder())},
                                new ByteBuffer[] {out}).length);
                    }
                    return out;
                }));
            }
            ByteBuffer single = TensorBuffers.allocate(g.outputType(0));
            p.run(in, new ByteBuffer[] {single});
            assertEquals(expected.duplicate().clear(), single.duplicate().clear(), "profiled = plain, one thread");
            for (Future<ByteBuffer> f : results) {
                assertEquals(expected.duplicate().clear(), f.get().duplicate().clear(), "same output bytes");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void closedProfilersThrowAndOrdinaryExecutablesHaveNoProfile() throws Exception {
        Graph g = graph(FLOAT);
        ByteBuffer[] in = input(g);
        ByteBuffer[] out = {TensorBuffers.allocate(g.outputType(0))};
        OperatorProfiler p = OperatorProfiler.compile(g, BackendOptions.defaults());
        p.close();
        p.close();
        assertThrows(IllegalStateException.class, p::operators);
        assertThrows(IllegalStateException.class, () -> p.run(in, out));
        try (XnnpackExecutable plain = XnnpackBackend.compile(g, BackendOptions.defaults(), false)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> plain.runProfiled(in, out));
            assertEquals("this executable was not compiled for profiling", e.getMessage());
        }
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
