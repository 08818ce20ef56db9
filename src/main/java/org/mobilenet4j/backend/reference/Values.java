package org.mobilenet4j.backend.reference;

/**
 * Tensor contents during one reference run, indexed by tensor id: float tensors as float[], quantized and
 * int32 tensors as int[] holding the integer values (uint8 as 0..255, int8 as -128..127).
 */
public final class Values {
    public final float[][] floats;
    public final int[][] ints;

    public Values(int tensorCount) {
        floats = new float[tensorCount][];
        ints = new int[tensorCount][];
    }

    Values copyConstants() {
        Values v = new Values(floats.length);
        System.arraycopy(floats, 0, v.floats, 0, floats.length);
        System.arraycopy(ints, 0, v.ints, 0, ints.length);
        return v;
    }
}
