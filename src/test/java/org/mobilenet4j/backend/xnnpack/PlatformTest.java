package org.mobilenet4j.backend.xnnpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.arch.MobileNetSpec;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.graph.Graph;

/**
 * On whatever platform the tests run (x86_64, or an ARM JRE under qemu): the platform's natives load from
 * the jar, XNNPACK is the default backend, and the instruction sets its kernels dispatch on are the
 * platform's SIMD ones (NEON on ARM).
 */
class PlatformTest {

    @Test
    void nativesForThisPlatformLoadAndDispatchOnItsSimd() {
        String platform = Loader.getPlatform();
        String arch = System.getProperty("os.arch");
        assertEquals(arch.equals("aarch64") ? "linux-arm64" : arch.equals("arm") ? "linux-armhf" : "linux-x86_64",
                platform);
        assertNull(XnnpackBackend.unavailableReason());
        assertEquals("xnnpack", Backends.best().name());
        String isa = XnnpackBackend.isa();
        System.out.println("platform " + platform + ", XNNPACK dispatch ISA: " + isa);
        if (platform.startsWith("linux-arm")) {
            assertTrue(isa.contains("neon"), isa);
        } else {
            assertTrue(isa.contains("sse4.1"), isa);
        }
        Graph g = MobileNetGraphBuilder.build(MobileNetSpec.of(Architecture.V1, 0.25, 128));
        try (Executable exe = new XnnpackBackend().compile(g, BackendOptions.defaults())) {
            ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
            ByteBuffer out = TensorBuffers.allocate(g.outputType(0));
            exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
            double sum = 0;
            while (out.hasRemaining()) {
                sum += out.getFloat();
            }
            assertEquals(1.0, sum, 1e-4);
        }
    }
}
