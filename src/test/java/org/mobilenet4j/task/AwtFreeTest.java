package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;

/**
 * Android has no java.awt: the core path (model, predictor, tasks on pixel arrays) runs in a class loader
 * that refuses java.awt.* and javax.imageio.* and defines every org.mobilenet4j class itself.
 */
class AwtFreeTest {

    /** Defines org.mobilenet4j classes from the parent's class files; refuses AWT and ImageIO; delegates the rest. */
    private static final class NoAwtLoader extends ClassLoader {
        NoAwtLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("java.awt.") || name.startsWith("javax.imageio.")) {
                throw new ClassNotFoundException("AWT refused: " + name);
            }
            if (!name.startsWith("org.mobilenet4j.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Function<Object[], String> load(String className) throws ReflectiveOperationException {
        Class<?> c = new NoAwtLoader(AwtFreeTest.class.getClassLoader()).loadClass(className);
        return (Function<Object[], String>) c.getDeclaredConstructor().newInstance();
    }

    @Test
    void classifyAndEmbedPixelsWithoutAwt() throws Exception {
        BufferedImage img = ImageIO.read(TestData.file("images/burger.jpg").toFile());
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        String model = TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite").toString();
        assertEquals("cheeseburger, 256", load(AwtFreeRun.class.getName()).apply(new Object[] {model, argb, w, h}));
    }

    /** The loader does refuse AWT: the image-I/O adapter cannot run in it. */
    @Test
    void theLoaderRefusesAwt() throws Exception {
        Class<?> images = new NoAwtLoader(AwtFreeTest.class.getClassLoader())
                .loadClass("org.mobilenet4j.vision.imageio.Images");
        NoClassDefFoundError e = assertThrows(NoClassDefFoundError.class,
                () -> images.getMethod("read", java.nio.file.Path.class).invoke(null, TestData.file("images/burger.jpg")));
        assertTrue(e.getMessage().startsWith("java/awt/"), e.getMessage());
    }
}
