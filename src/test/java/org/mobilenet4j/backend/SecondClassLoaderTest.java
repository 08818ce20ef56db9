package org.mobilenet4j.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.FreshClassLoader;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.xnnpack.XnnpackBackend;
import org.mobilenet4j.vision.jpeg.NativeJpeg;

/**
 * A JNI library binds to the first class loader that loads it (two web applications in one servlet container,
 * an isolated plugin loader): in a second loader the library "loads" but no native method links. There our
 * natives say so and the classifier falls back (OpenBLAS, else the reference executor; ImageIO for JPEGs)
 * instead of failing with UnsatisfiedLinkError at the first call.
 */
class SecondClassLoaderTest {

    @Test
    void aSecondClassLoaderFallsBackInsteadOfFailing() throws Exception {
        assumeTrue(XnnpackBackend.unavailableReason() == null, "no XNNPACK natives on this platform");
        assertTrue(NativeJpeg.available(), NativeJpeg.unavailableReason());

        ClassLoader second = new FreshClassLoader(SecondClassLoaderTest.class.getClassLoader());
        String xnnpack = (String) second.loadClass("org.mobilenet4j.backend.xnnpack.XnnpackBackend")
                .getMethod("unavailableReason").invoke(null);
        assertTrue(xnnpack != null && xnnpack.contains("another class loader"), String.valueOf(xnnpack));
        Class<?> jpeg = second.loadClass("org.mobilenet4j.vision.jpeg.NativeJpeg");
        assertFalse((Boolean) jpeg.getMethod("available").invoke(null));

        Class<?> classifier = second.loadClass("org.mobilenet4j.task.ImageClassifier");
        Object b = classifier.getMethod("builder").invoke(null);
        b = b.getClass().getMethod("model", Path.class)
                .invoke(b, TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite"));
        try (AutoCloseable c = (AutoCloseable) b.getClass().getMethod("build").invoke(b)) {
            String backend = (String) c.getClass().getMethod("backendName").invoke(c);
            assertTrue(List.of("openblas", "reference").contains(backend), backend);
            List<?> top = (List<?>) c.getClass().getMethod("classify", Path.class)
                    .invoke(c, TestData.file("images/burger.jpg"));
            Object first = top.get(0);
            assertEquals(934, first.getClass().getMethod("index").invoke(first));
        }
    }
}
