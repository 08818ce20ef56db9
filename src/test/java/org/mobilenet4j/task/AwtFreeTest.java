package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.FreshClassLoader;
import org.mobilenet4j.TestData;

/**
 * Android has no java.awt: the core path (model, predictor, tasks on pixel arrays) runs in a class loader
 * that refuses java.awt.* and javax.imageio.* and defines every org.mobilenet4j class itself.
 */
class AwtFreeTest {

    /** Defines every org.mobilenet4j class itself; refuses AWT and ImageIO. */
    private static FreshClassLoader noAwtLoader() {
        return new FreshClassLoader(AwtFreeTest.class.getClassLoader(),
                name -> name.startsWith("java.awt.") || name.startsWith("javax.imageio."));
    }

    @SuppressWarnings("unchecked")
    private static Function<Object[], String> load(String className) throws ReflectiveOperationException {
        Class<?> c = noAwtLoader().loadClass(className);
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
        Class<?> images = noAwtLoader().loadClass("org.mobilenet4j.vision.imageio.Images");
        NoClassDefFoundError e = assertThrows(NoClassDefFoundError.class,
                () -> images.getMethod("read", java.nio.file.Path.class).invoke(null, TestData.file("images/burger.jpg")));
        assertTrue(e.getMessage().startsWith("java/awt/"), e.getMessage());
    }
}
