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

    /** Float arrays of an earlier run, by tensor id, that {@link #reusableFloats} may hand out again; or null. */
    private float[][] earlier;

    Values copyConstants(float[][] earlierRun) {
        Values v = new Values(floats.length);
        System.arraycopy(floats, 0, v.floats, 0, floats.length);
        System.arraycopy(ints, 0, v.ints, 0, ints.length);
        v.earlier = earlierRun;
        return v;
    }

    /**
     * An array for the float output of a node, {@code size} long: the one the same tensor had in this caller's
     * previous run if there is one, so a steady stream of runs allocates nothing. Its contents are stale: only
     * for kernels that write every element.
     */
    public float[] reusableFloats(int id, int size) {
        float[] a = earlier == null ? null : earlier[id];
        return a != null && a.length == size ? a : new float[size];
    }
}
