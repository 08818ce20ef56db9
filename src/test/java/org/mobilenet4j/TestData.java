package org.mobilenet4j;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Test data from ../shared (models, golden tensors, images, dataset), never copied into the project. The
 * folder comes from the system property {@code mobilenet4j.shared}, else the environment variable
 * {@code MOBILENET4J_SHARED}, else {@code ../shared}. A missing file skips the test on a developer machine
 * and fails it in CI ({@code CI=true}).
 */
public final class TestData {
    private TestData() {
    }

    public static Path root() {
        String p = System.getProperty("mobilenet4j.shared");
        if (p == null || p.isEmpty()) {
            p = System.getenv("MOBILENET4J_SHARED");
        }
        return Path.of(p == null || p.isEmpty() ? "../shared" : p).toAbsolutePath().normalize();
    }

    /**
     * True in the exhaustive run ({@code mvn test -Pfull}, which {@code .ci/run} also runs): dataset-wide
     * sweeps run there in full, and in the default {@code mvn test} only on a part that keeps it to minutes.
     */
    public static boolean full() {
        return Boolean.getBoolean("mobilenet4j.full") || Boolean.getBoolean("mobilenet4j.stress");
    }

    public static Path file(String relative) {
        Path f = root().resolve(relative);
        if (!Files.exists(f)) {
            String message = "test data missing: " + f;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: missing data is a failure)");
            }
            Assumptions.abort(message);
        }
        return f;
    }
}
