package org.mobilenet4j.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The classifier's weights (classes x its inputs) are one tensor, bounded like every tensor (2^28 values) when
 * the spec is made: 2,000,000,000 classes had overflowed int in the builder ("error: -699400192" from info and
 * bench), 300,000 had run the JVM out of memory before any check.
 */
class MobileNetSpecTest {

    @Test
    void classesAreBoundedByTheClassifierTensor() {
        // v1 at alpha 1 ends in 1024 channels: 2^28 / 1024 = 262144 classes fit, one more does not
        assertEquals(262144, new MobileNetSpec(Architecture.fromName("v1"), 1.0, 224, 262144).classes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MobileNetSpec(Architecture.fromName("v1"), 1.0, 224, 262145));
        assertEquals("classes must be at most 262144 for v1 at alpha 1.0 (a classifier of 1024 inputs; a tensor "
                + "holds at most 268435456 values), got 262145", e.getMessage());
        // the width multiplier widens the classifier's inputs: 4096 at alpha 4
        assertThrows(IllegalArgumentException.class,
                () -> new MobileNetSpec(Architecture.fromName("v1"), 4.0, 224, 65537));
        // v3-large's classifier reads 1280 values
        assertThrows(IllegalArgumentException.class,
                () -> new MobileNetSpec(Architecture.fromName("v3-large"), 1.0, 224, 209716));
        assertEquals(209715, new MobileNetSpec(Architecture.fromName("v3-large"), 1.0, 224, 209715).classes());
    }
}
