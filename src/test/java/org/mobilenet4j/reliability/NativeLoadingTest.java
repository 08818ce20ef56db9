package org.mobilenet4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;

/**
 * When the natives cannot load (a platform without them in the jar), the CLI says which platform and why,
 * falls back to the reference backend and still classifies, without a stack trace. Run in a fresh JVM with
 * JavaCPP's platform overridden.
 */
class NativeLoadingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "unknown platform, -Dorg.bytedeco.javacpp.platform=linux-riscv64, linux-riscv64",
        "a platform not built here, -Dorg.bytedeco.javacpp.platform=android-arm64, android-arm64"})
    void fallsBackWithAReason(String what, String property, String expectedInMessage) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, property, "-cp", System.getProperty("java.class.path"),
                "org.mobilenet4j.cli.Main", "classify", "--top", "1", "--model",
                TestData.file("models/tflite-support/mobilenet_v1_0.25_224_quant.tflite").toString(),
                TestData.file("images/burger.jpg").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("falling back to the reference backend"), out);
        assertTrue(out.contains(expectedInMessage), out);
        assertTrue(out.contains("cheeseburger"), out);
        assertTrue(!out.contains("\tat "), "no stack trace: " + out);
    }
}
