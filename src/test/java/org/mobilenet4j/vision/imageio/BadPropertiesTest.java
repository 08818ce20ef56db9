package org.mobilenet4j.vision.imageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.FreshClassLoader;
import org.mobilenet4j.TestData;

/**
 * An invalid mobilenet4j.* image property set when the decoder's classes first load fails the calls that read it,
 * with the property named, and never the classes: decoding works again once it is fixed, and explicit limits do
 * not read the properties at all. Runs in fresh class loaders, so the decoder's static state starts unset.
 */
class BadPropertiesTest {

    private static int decodeWidth(Method read, Object limits, Path file) throws Throwable {
        try {
            Object image = read.invoke(null, file, limits);
            return (int) image.getClass().getMethod("width").invoke(image);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void aBadPropertyFailsTheCallNotTheDecoder() throws Throwable {
        // a PNG: ImageIO's path (the JPEG natives bind to the first class loader that loads them)
        Path burger = TestData.file("images/burger-224.png");
        ClassLoader fresh = new FreshClassLoader(BadPropertiesTest.class.getClassLoader());
        Class<?> limitsClass = fresh.loadClass("org.mobilenet4j.vision.ImageLimits");
        Object limits = limitsClass.getConstructor(long.class, long.class, int.class, long.class)
                .newInstance(40_000_000L, 1L << 30, 100, 1_000_000_000L);
        Method read = fresh.loadClass("org.mobilenet4j.vision.imageio.Images").getMethod("read", Path.class,
                limitsClass);
        String pixels = System.getProperty("mobilenet4j.maxImagePixels");
        String bytes = System.getProperty("mobilenet4j.maxImageBytes");
        try {
            System.setProperty("mobilenet4j.maxImagePixels", "abc");
            int width = decodeWidth(read, limits, burger);
            assertTrue(width > 0, "explicit limits do not read mobilenet4j.maxImagePixels");

            Class<?> fresher = new FreshClassLoader(BadPropertiesTest.class.getClassLoader())
                    .loadClass("org.mobilenet4j.vision.imageio.Images");
            Method read2 = fresher.getMethod("read", Path.class, fresher.getClassLoader()
                    .loadClass("org.mobilenet4j.vision.ImageLimits"));
            Object limits2 = read2.getParameterTypes()[1].getConstructor(long.class, long.class, int.class,
                    long.class).newInstance(40_000_000L, 1L << 30, 100, 1_000_000_000L);
            System.clearProperty("mobilenet4j.maxImagePixels");
            System.setProperty("mobilenet4j.maxImageBytes", "lots");
            Throwable bad = assertThrows(Throwable.class, () -> decodeWidth(read2, limits2, burger));
            assertInstanceOf(IllegalArgumentException.class, bad, bad.toString());
            assertTrue(bad.getMessage().contains("mobilenet4j.maxImageBytes"), bad.getMessage());
            System.clearProperty("mobilenet4j.maxImageBytes");
            assertEquals(width, decodeWidth(read2, limits2, burger), "decoding works once the property is fixed");
        } finally {
            restore("mobilenet4j.maxImagePixels", pixels);
            restore("mobilenet4j.maxImageBytes", bytes);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
