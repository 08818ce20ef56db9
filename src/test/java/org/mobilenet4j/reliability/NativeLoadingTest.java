package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;

/**
 * When our natives cannot load, the CLI says which platform and why, falls back and still classifies,
 * without a stack trace; each case in a fresh JVM. Without our XNNPACK natives on the class path (what a
 * macOS or Windows user of the platform jars has) it falls back to OpenBLAS; on a platform with neither
 * (JavaCPP's platform overridden) to the reference backend.
 */
class NativeLoadingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "unknown platform, -Dorg.bytedeco.javacpp.platform=linux-riscv64, linux-riscv64",
        "a platform not built here, -Dorg.bytedeco.javacpp.platform=android-arm64, android-arm64"})
    void fallsBackToReferenceWithAReason(String what, String property, String expectedInMessage) throws Exception {
        String out = classifyBurger(property, System.getProperty("java.class.path"));
        assertTrue(out.contains("falling back to the reference backend"), out);
        assertTrue(out.contains(expectedInMessage), out);
    }

    /** Missing, corrupt, or not extractable: how our natives fail, and the backend the CLI falls back to. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "natives missing from the jar, missing, openblas, no XNNPACK natives for platform",
        "a corrupt libjniXnnpackNative.so, corrupt, openblas, libjniXnnpackNative",
        // JavaCPP then extracts into a temporary directory: XNNPACK still loads, nothing to fall back from
        "an unwritable JavaCPP cache, unwritable-cache, none, cheeseburger",
        // without libjpeg-turbo ImageIO decodes the JPEG: the same cheeseburger, no warning, no stack trace
        "JPEG natives missing from the jar, jpeg-missing, none, cheeseburger",
        "a corrupt libjniJpegNative.so, jpeg-corrupt, none, cheeseburger"})
    void fallsBackFromBrokenNatives(String what, String damage, String fallback, String reason, @TempDir Path tmp)
            throws Exception {
        Path classes = Path.of("target", "classes");
        String natives = (damage.startsWith("jpeg") ? "org/mobilenet4j/vision/jpeg/" : "org/mobilenet4j/backend/xnnpack/")
                + Loader.getPlatform() + "/";
        String library = natives + (damage.startsWith("jpeg") ? "libjniJpegNative.so" : "libjniXnnpackNative.so");
        Path jar = tmp.resolve("mobilenet4j-under-test.jar");
        try (Stream<Path> files = Files.walk(classes);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (!Files.isRegularFile(f) || damage.endsWith("missing") && name.startsWith(natives)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                if (damage.endsWith("corrupt") && name.equals(library)) {
                    out.write("not an ELF file".getBytes(StandardCharsets.US_ASCII));
                } else {
                    Files.copy(f, out);
                }
                out.closeEntry();
            }
        }
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().equals(classes.toAbsolutePath()) ? jar.toString() : e)
                .collect(Collectors.joining(File.pathSeparator));
        // /proc refuses new directories even to root
        Path cache = damage.equals("unwritable-cache") ? Path.of("/proc/mobilenet4j-cache") : tmp.resolve("cache");
        String out = classifyBurger("-Dorg.bytedeco.javacpp.cachedir=" + cache, classPath);
        assertTrue(out.contains(reason), out);
        if (fallback.equals("none")) {
            assertTrue(!out.contains("falling back"), out);
        } else {
            assertTrue(out.contains("falling back to the " + fallback + " backend"), out);
        }
    }

    /** Classifies burger.jpg with the CLI in a fresh JVM; checks it succeeded without a stack trace. */
    private static String classifyBurger(String property, String classPath) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, property, "-cp", classPath,
                "org.mobilenet4j.cli.Main", "classify", "--top", "1", "--model",
                TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite").toString(),
                TestData.file("images/burger.jpg").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("cheeseburger"), out);
        assertTrue(!out.contains("\tat "), "no stack trace: " + out);
        return out;
    }
}
