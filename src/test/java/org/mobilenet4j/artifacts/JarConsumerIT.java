package org.mobilenet4j.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mobilenet4j.TestData;

/**
 * The jars as a Maven user gets them (run by failsafe in {@code mvn verify}, after package): a fresh JVM
 * whose class path is the thin jar, the platform jar and the dependency jars only (nothing from
 * target/classes) compiles and runs a consumer program that classifies burger.jpg. A class missing from the
 * thin jar fails the consumer's compilation or run; a native missing from the platform jar fails the XNNPACK
 * run, which asks for that backend by name.
 */
class JarConsumerIT {
    private static final Path MODEL = TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite");
    private static final Path IMAGE = TestData.file("images/burger.jpg");

    private record Run(int exit, String out, String err) {
    }

    private static Path jar(String property) {
        Path p = Path.of(System.getProperty(property, "missing-" + property));
        assertTrue(Files.isRegularFile(p), property + ": no jar " + p + " (run through mvn verify)");
        return p;
    }

    /** The dependency jars of the test class path: everything not built into this project's target/. */
    private static List<String> dependencyJars() {
        Path target = jar("mobilenet4j.thinJar").toAbsolutePath().getParent();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar") && !Path.of(e).toAbsolutePath().startsWith(target))
                .collect(Collectors.toList());
    }

    private static Run consumer(List<Path> jars, String... args) throws IOException, InterruptedException {
        return consumer(jars, false, args);
    }

    /** With {@code modulePath}, {@code jars} go on the module path (as automatic modules), the dependencies stay on the class path. */
    private static Run consumer(List<Path> jars, boolean modulePath, String... args)
            throws IOException, InterruptedException {
        List<String> ours = new ArrayList<>();
        jars.forEach(j -> ours.add(j.toString()));
        List<String> cp = new ArrayList<>(modulePath ? List.of() : ours);
        cp.addAll(dependencyJars());
        Path source = Path.of(System.getProperty("user.dir"), "src/test/resources/consumer/ClassifyImage.java");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        if (modulePath) {
            cmd.addAll(List.of("--module-path", String.join(File.pathSeparator, ours), "--add-modules", "ALL-MODULE-PATH"));
        }
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), source.toString(), MODEL.toString(),
                IMAGE.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("consumer", ".out");
        Path err = Files.createTempFile("consumer", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("consumer JVM did not finish: " + cmd);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void assertCheeseburger(Run r, String backend) {
        assertEquals(0, r.exit(), "consumer failed:\n" + r.err());
        String[] f = r.out().split(" ");
        assertEquals(backend, f[0], r.out());
        assertEquals("934", f[1], r.out());
        assertEquals("cheeseburger", f[2], r.out());
        float score = Float.parseFloat(f[3]);
        assertTrue(score >= 0.95f && score <= 0.98f, r.out());
    }

    @ParameterizedTest(name = "thin jar + platform jar on {0}")
    @ValueSource(strings = {"xnnpack", "openblas", "reference"})
    void thinAndPlatformJar(String backend) throws Exception {
        Run r = consumer(List.of(jar("mobilenet4j.thinJar"), jar("mobilenet4j.platformJar")), backend);
        assertCheeseburger(r, backend);
    }

    @Test
    void thinAndPlatformJarChooseXnnpack() throws Exception {
        Run r = consumer(List.of(jar("mobilenet4j.thinJar"), jar("mobilenet4j.platformJar")));
        assertCheeseburger(r, "xnnpack");
    }

    @Test
    void onTheModulePathThePlatformJarIsAModuleOfItsOwn() throws Exception {
        // both jars were the automatic module "mobilenet4j": the platform jar was dropped (or, from one folder,
        // the JVM refused to start), so the consumer fell back to OpenBLAS
        Run r = consumer(List.of(jar("mobilenet4j.thinJar"), jar("mobilenet4j.platformJar")), true);
        assertCheeseburger(r, "xnnpack");
    }

    @Test
    void thinJarAloneFallsBackToOpenblasAndSaysSo() throws Exception {
        Run r = consumer(List.of(jar("mobilenet4j.thinJar")));
        assertCheeseburger(r, "openblas");
        String platform = System.getProperty("mobilenet4j.platform");
        assertTrue(r.err().contains("no XNNPACK natives for platform " + platform)
                && r.err().contains("falling back to the openblas backend"), "fallback not logged:\n" + r.err());
    }

    @Test
    void thinJarHoldsNoNatives() throws Exception {
        try (var jar = new java.util.jar.JarFile(jar("mobilenet4j.thinJar").toFile())) {
            List<String> natives = jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".so")
                    || n.endsWith(".dll") || n.endsWith(".dylib")).collect(Collectors.toList());
            assertEquals(List.of(), natives);
            assertTrue(jar.getEntry("org/mobilenet4j/backend/xnnpack/XnnpackBackend.class") != null);
        }
    }
}
