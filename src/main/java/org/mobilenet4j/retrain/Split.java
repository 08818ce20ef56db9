package org.mobilenet4j.retrain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The set an image belongs to. {@link #of} decides it from the file name alone, as TensorFlow's
 * {@code retrain.py} does, so adding or removing images never moves the others between sets.
 */
public enum Split {
    TRAIN, VALIDATION, TEST;

    /** retrain.py's MAX_NUM_IMAGES_PER_CLASS: the resolution of the hash percentage. */
    private static final BigInteger BUCKETS = BigInteger.valueOf((1 << 27) - 1);

    /** {@link #checkPercentages(double, double, String, String)} naming them "validation percent", "test percent". */
    public static void checkPercentages(double validationPercent, double testPercent) {
        checkPercentages(validationPercent, testPercent, "validation percent", "test percent");
    }

    /**
     * Throws {@link IllegalArgumentException}, naming the value by {@code validationName} or {@code testName},
     * unless both percentages are at least 0 and leave some images for training (their sum below 100).
     */
    public static void checkPercentages(double validationPercent, double testPercent, String validationName,
                                        String testName) {
        checkPercent(validationPercent, validationName);
        checkPercent(testPercent, testName);
        if (!(validationPercent + testPercent < 100)) {
            throw new IllegalArgumentException(validationName + " + " + testName + " must be below 100 to leave "
                    + "images for training, got " + validationPercent + " + " + testPercent);
        }
    }

    private static void checkPercent(double p, String name) {
        if (!(p >= 0 && p < 100)) {
            throw new IllegalArgumentException(name + " must be in [0, 100), got " + p);
        }
    }

    /**
     * retrain.py's rule: the file name without any {@code _nohash_} suffix (so variants of one photo stay
     * together), SHA-1, modulo 2^27, as a percentage; below {@code validationPercent} is validation, below
     * {@code validationPercent + testPercent} test, the rest training.
     */
    public static Split of(String fileName, double validationPercent, double testPercent) {
        String hashName = fileName.replaceFirst("_nohash_.*$", "");
        byte[] sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1").digest(hashName.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1 in this JVM", e);
        }
        double percentage = new BigInteger(1, sha1).mod(BUCKETS.add(BigInteger.ONE)).doubleValue()
                * (100.0 / BUCKETS.doubleValue());
        if (percentage < validationPercent) {
            return VALIDATION;
        }
        return percentage < validationPercent + testPercent ? TEST : TRAIN;
    }
}
