package org.mobilenet4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mobilenet4j.catalog.DownloadLimits;
import org.mobilenet4j.vision.ImageLimits;

/**
 * Sizes and counts from system properties: valid values are read, unset or blank ones fall back, and anything
 * else is refused naming the property and the value (Long.getLong had made "abc" the default, silently).
 */
class NumericPropertiesTest {
    private static final String NAME = "mobilenet4j.test.numeric";
    private static final String[] REAL = {"mobilenet4j.maxImagePixels", "mobilenet4j.maxImageBytes",
            "mobilenet4j.maxJpegScans", "mobilenet4j.maxJpegScanPixels", "mobilenet4j.download.timeout"};

    @AfterEach
    void clear() {
        System.clearProperty(NAME);
        for (String p : REAL) {
            System.clearProperty(p);
        }
    }

    private static IllegalArgumentException refused(String value, Runnable read) {
        System.setProperty(NAME, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, read::run, value);
        assertTrue(e.getMessage().contains(NAME) && e.getMessage().contains("'" + value + "'"), e.getMessage());
        return e;
    }

    @Test
    void sizesTakeBinarySuffixes() {
        assertEquals(77, NumericProperties.size(NAME, 77));
        System.setProperty(NAME, " ");
        assertEquals(77, NumericProperties.size(NAME, 77));
        String[][] cases = {{"1000000", "1000000"}, {"1k", "1024"}, {"512M", "536870912"}, {"2g", "2147483648"}};
        for (String[] c : cases) {
            System.setProperty(NAME, c[0]);
            assertEquals(Long.parseLong(c[1]), NumericProperties.size(NAME, 77), c[0]);
        }
        for (String bad : new String[] {"abc", "0", "-1", "1.5g", "1t", "k", "9000000000g"}) {
            refused(bad, () -> NumericProperties.size(NAME, 77));
        }
    }

    @Test
    void countsArePositiveWholeNumbersWithoutSuffix() {
        assertEquals(5, NumericProperties.count(NAME, 5));
        System.setProperty(NAME, "40000000");
        assertEquals(40_000_000L, NumericProperties.count(NAME, 5));
        for (String bad : new String[] {"abc", "0", "-3", "40m", "1e6"}) {
            assertTrue(refused(bad, () -> NumericProperties.count(NAME, 5)).getMessage()
                    .contains("positive whole number"));
        }
        System.setProperty(NAME, "3000000000");
        assertEquals(3_000_000_000L, NumericProperties.count(NAME, 5));
        refused("3000000000", () -> NumericProperties.intCount(NAME, 5));
        System.setProperty(NAME, "100");
        assertEquals(100, NumericProperties.intCount(NAME, 5));
    }

    /** Every numeric property of the project goes through the parser: none is silently ignored any more. */
    @Test
    void theLibraryLimitsRefuseWhatTheyCannotParse() {
        System.setProperty("mobilenet4j.maxImageBytes", "300m");
        System.setProperty("mobilenet4j.maxImagePixels", "1234");
        ImageLimits l = ImageLimits.defaults();
        assertEquals(300L << 20, l.maxBytes());
        assertEquals(1234, l.maxPixels());
        clear();
        for (String p : REAL) {
            System.setProperty(p, "abc");
            Executable read = p.contains("download") ? DownloadLimits::defaults : ImageLimits::defaults;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, read, p);
            assertTrue(e.getMessage().startsWith(p + ": 'abc' is not a positive"), e.getMessage());
            System.clearProperty(p);
        }
    }
}
