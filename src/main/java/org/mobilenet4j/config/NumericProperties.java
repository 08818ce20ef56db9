package org.mobilenet4j.config;

import java.util.Locale;

/**
 * The one parser of the project's numeric system properties ({@code -Dmobilenet4j.NAME=VALUE}): sizes in bytes
 * (a suffix k, m or g multiplies by 1024, 1024² or 1024³) and counts (a positive whole number). Unset or
 * blank: the fallback. Anything else, zero and negative values included, is an {@link IllegalArgumentException}
 * naming the property and the value, never silently the fallback. Read at each call; stateless, thread-safe.
 */
public final class NumericProperties {
    private NumericProperties() {
    }

    /** The size in bytes that system property {@code name} gives ("512m", "2g", "1000000"), else {@code fallback}. */
    public static long size(String name, long fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : parse(name, v, true);
    }

    /** The positive whole number that system property {@code name} gives, else {@code fallback}. */
    public static long count(String name, long fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : parse(name, v, false);
    }

    /** {@link #count} for an int: a value above {@link Integer#MAX_VALUE} is refused too. */
    public static int intCount(String name, int fallback) {
        long n = count(name, fallback);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": '" + System.getProperty(name)
                    + "' is above the largest value allowed, " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    /**
     * {@code text} as a positive number: with {@code sizeSuffix}, optionally ending in k, m or g (binary
     * multiples); {@code name} names the property in the message of the {@link IllegalArgumentException}.
     */
    static long parse(String name, String text, boolean sizeSuffix) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int shift = !sizeSuffix ? 0 : t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : 0;
        try {
            long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
            if (n < 1 || n > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not " + (sizeSuffix
                    ? "a positive size in bytes (suffix k, m or g allowed)" : "a positive whole number"));
        }
    }
}
