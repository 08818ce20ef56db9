package org.mobilenet4j.backend.openblas;

import org.bytedeco.javacpp.FloatPointer;

/**
 * One caller's native GEMM operands: the left matrix (activations or im2col patches) and the product. They
 * grow to the largest layer and are reused; a {@link org.mobilenet4j.backend.ResourcePool} hands each running call its own.
 */
final class Scratch implements AutoCloseable {
    private FloatPointer left = new FloatPointer(0L);
    private FloatPointer product = new FloatPointer(0L);
    private float[] patches = new float[0];

    FloatPointer left(long floats) {
        if (left.capacity() < floats) {
            left.close();
            left = new FloatPointer(floats);
        }
        return left;
    }

    FloatPointer product(long floats) {
        if (product.capacity() < floats) {
            product.close();
            product = new FloatPointer(floats);
        }
        return product;
    }

    /** A Java array for im2col patches, at least {@code floats} long. */
    float[] patches(int floats) {
        if (patches.length < floats) {
            patches = new float[floats];
        }
        return patches;
    }

    @Override
    public void close() {
        left.close();
        product.close();
    }
}
