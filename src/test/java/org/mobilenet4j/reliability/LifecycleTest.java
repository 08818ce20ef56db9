package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;

/**
 * close() while other threads are inside classify: running calls finish (native memory is freed only after
 * them), later calls throw IllegalStateException, nothing crashes. On every backend. close() itself returns
 * only once the calls running at that moment have finished, and after it the accessors throw too.
 */
class LifecycleTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"xnnpack", "openblas", "reference"})
    void closeWhileClassifying(String backend) throws Exception {
        BufferedImage img = ImageIO.read(TestData.file("images/cat.bmp").toFile());
        ImageClassifier c = ImageClassifier.builder()
                .model(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite"))
                .backend(Backends.byName(backend)).maxResults(1).build();
        int expected = c.classify(img).get(0).index();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                started.countDown();
                for (int i = 0; i < 10_000; i++) {
                    try {
                        List<Classification> r = c.classify(img);
                        assertEquals(expected, r.get(0).index());
                        ok.incrementAndGet();
                    } catch (IllegalStateException closed) {
                        refused.incrementAndGet();
                        return null;
                    }
                }
                return null;
            }));
        }
        started.await();
        Thread.sleep(200);
        c.close();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(ok.get() > 0, "some calls ran before close");
        assertEquals(4, refused.get(), "every thread saw the close");
        assertThrows(IllegalStateException.class, () -> c.classify(img));
        c.close();
    }

    /**
     * The reference executor's close() waits for a call that is still running (issue 14: it returned at once).
     * The first node's kernel blocks until released, so the call is inside the executable for certain.
     */
    @Test
    void referenceCloseWaitsForARunningCall() throws Exception {
        GraphBuilder b = new GraphBuilder("two clamps");
        int x = b.input("x", TensorType.float32(1, 8));
        int y = b.unary("held", new Op.Clamp(-1, 1), x);
        int z = b.unary("free", new Op.Clamp(0, 1), y);
        b.output(z);
        Graph g = b.build();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Executable exe = ReferenceBackend.compile(g, (graph, node) -> !node.name().equals("held") ? null : v -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            v.floats[y] = v.floats[x].clone();
        });
        ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
        in.putFloat(0, 0.5f);
        ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> running = pool.submit(() -> exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out}));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        Future<?> closing = pool.submit(exe::close);
        Thread.sleep(300);
        assertTrue(!closing.isDone(), "close() returned while a call was running");
        release.countDown();
        running.get(10, TimeUnit.SECONDS);
        closing.get(10, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(0.5f, out.getFloat(0), "the running call finished with its result");
        assertThrows(IllegalStateException.class, () -> exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out}));
        assertThrows(IllegalStateException.class, exe::graph);
        exe.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"xnnpack", "openblas", "reference"})
    void accessorsThrowAfterClose(String backend) {
        ImageClassifier c = ImageClassifier.builder()
                .model(TestData.file("models/aosp-mlts/mobilenet_v1_0.25_128_quant.tflite"))
                .backend(Backends.byName(backend)).build();
        Graph g = c.graph();
        assertTrue(c.modelName() != null);
        c.close();
        assertThrows(IllegalStateException.class, c::graph);
        assertThrows(IllegalStateException.class, c::modelName);
        Executable exe = Backends.byName(backend).compile(g, BackendOptions.defaults());
        assertEquals(g.inputType(0), exe.graph().inputType(0));
        exe.close();
        assertThrows(IllegalStateException.class, exe::graph);
        exe.close();
    }
}
