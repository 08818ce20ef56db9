package org.mobilenet4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The tests' one local[2] SparkSession (started once per test JVM) and their data from ../shared: the
 * folder comes from the system property {@code mobilenet4j.shared}; a missing file skips the test on a
 * developer machine and fails it in CI ({@code CI=true}).
 */
final class SparkTests {
    private static SparkSession session;

    private SparkTests() {
    }

    static synchronized SparkSession spark() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("mobilenet4j-spark-tests")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1").getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    static Path shared(String relative) {
        String root = System.getProperty("mobilenet4j.shared", "../../../shared");
        Path f = Path.of(root).resolve(relative).toAbsolutePath().normalize();
        if (!Files.exists(f)) {
            String message = "test data missing: " + f;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: missing data is a failure)");
            }
            Assumptions.abort(message);
        }
        return f;
    }

    /**
     * The evaluation images (mlts-openimages image-N.jpeg) in N order: the first {@code n}, or all of them when
     * {@code n} is 0.
     */
    static List<Path> evaluationImages(int n) {
        Path dir = shared("datasets/mlts-openimages");
        try (Stream<Path> files = Files.list(dir)) {
            Stream<Path> s = files.filter(p -> p.getFileName().toString().matches("image-\\d+\\.jpeg"))
                    .sorted(Comparator.comparingInt(SparkTests::number));
            return (n > 0 ? s.limit(n) : s).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The images the default test run uses (system property spark.test.images; 0 = all). */
    static List<Path> evaluationImages() {
        return evaluationImages(Integer.getInteger("spark.test.images", 150));
    }

    private static int number(Path p) {
        String s = p.getFileName().toString();
        return Integer.parseInt(s.substring("image-".length(), s.indexOf('.')));
    }

    static String[] strings(List<Path> paths) {
        return paths.stream().map(Path::toString).toArray(String[]::new);
    }
}
