package org.mobilenet4j.backend.openblas;

import org.bytedeco.javacpp.FloatPointer;

/**
 * One caller's working memory: the native GEMM operands (the left matrix, activations or im2col patches, and
 * the product), the im2col patches and the depthwise kernel's rows in Java. They grow to the largest layer
 * and are reused; a {@link org.mobilenet4j.backend.internal.ResourcePool} hands each running call its own.
 */
final class Scratch implements AutoCloseable {
    private FloatPointer left = new FloatPointer(0L);
    private FloatPointer product = new FloatPointer(0L);
    private float[] patches = new float[0];
    private float[][] rows = new float[0][];

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

    /** {@code count} separate arrays, each at least {@code floats} long (loops over them index from 0). */
    float[][] rows(int count, int floats) {
        if (rows.length < count) {
            rows = java.util.Arrays.copyOf(rows, count);
        }
        for (int i = 0; i < count; i++) {
            if (rows[i] == null || rows[i].length < floats) {
                rows[i] = new float[floats];
            }
        }
        return rows;
    }

    @Override
    public void close() {
        left.close();
        product.close();
    }
}
