package org.mobilenet4j.backend.openblas;

import org.bytedeco.javacpp.FloatPointer;
import org.mobilenet4j.backend.internal.ResourcePool;
import org.mobilenet4j.backend.reference.ConvGeometry;
import org.mobilenet4j.backend.reference.Kernel;
import org.mobilenet4j.backend.reference.MatrixShape;
import org.mobilenet4j.backend.reference.Weights;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;

/**
 * Float Conv2d and FullyConnected as one {@code sgemm} each. NHWC activations are already a row-major
 * [pixels, channels] matrix, so a 1x1 convolution with stride 1 is output = input x filter with no
 * rearranging of the input (the [out, kh, kw, in] TFLite filter is stored transposed, [kh, kw, in, out],
 * once at load); any other convolution first gathers each output pixel's
 * window into a row (im2col, zeros where the window leaves the image, in the filter's kh, kw, in order).
 * The bias is the product's starting value and the fused activation one pass over it.
 */
final class GemmConvolution {
    /** Floats of bias copied per block into the product buffer. */
    static final int BLOCK = 16384;

    private GemmConvolution() {
    }

    static Kernel conv2d(Graph g, Node node, Op.Conv2d op, NativeWeights weights, ResourcePool<Scratch> pool) {
        ConvGeometry geo = ConvGeometry.ofConv2d(g, node, op);
        int rows = geo.batch() * geo.outH() * geo.outW();
        int depth = geo.kH() * geo.kW() * geo.inC();
        boolean pointwise = geo.kH() == 1 && geo.kW() == 1 && geo.strideH() == 1 && geo.strideW() == 1
                && geo.padTop() == 0 && geo.padLeft() == 0;
        FloatPointer w = weights.put(transpose(Weights.floats(g, node.input(1)), geo.outC(), depth));
        float[] bias = tiledBias(Weights.floatBias(g, node.input(2), geo.outC()), rows);
        float lo = op.activation().min();
        float hi = op.activation().max();
        int x = node.input(0);
        int y = node.output(0);
        return v -> {
            float[] src = v.floats[x];
            float[] dst = v.floats[y] = v.reusableFloats(y, rows * geo.outC());
            Scratch s = pool.take();
            try {
                FloatPointer a = s.left((long) rows * depth);
                if (pointwise) {
                    a.put(src, 0, rows * depth);
                } else {
                    float[] patches = s.patches(rows * depth);
                    im2col(geo, src, patches);
                    a.put(patches, 0, rows * depth);
                }
                multiply(a, w, s, rows, geo.outC(), depth, bias, lo, hi, dst);
            } finally {
                pool.give(s);
            }
        };
    }

    static Kernel fullyConnected(Graph g, Node node, Op.FullyConnected op, NativeWeights weights, ResourcePool<Scratch> pool) {
        MatrixShape shape = MatrixShape.ofFullyConnected(g, node);
        int rows = shape.rows();
        int depth = shape.depth();
        int outC = shape.cols();
        FloatPointer w = weights.put(transpose(Weights.floats(g, node.input(1)), outC, depth));
        float[] bias = tiledBias(Weights.floatBias(g, node.input(2), outC), rows);
        float lo = op.activation().min();
        float hi = op.activation().max();
        int x = node.input(0);
        int y = node.output(0);
        return v -> {
            float[] dst = v.floats[y] = v.reusableFloats(y, rows * outC);
            Scratch s = pool.take();
            try {
                FloatPointer a = s.left((long) rows * depth);
                a.put(v.floats[x], 0, rows * depth);
                multiply(a, w, s, rows, outC, depth, bias, lo, hi, dst);
            } finally {
                pool.give(s);
            }
        };
    }

    /**
     * dst = clamp(bias + a x w, lo, hi). The product buffer is first filled with the bias, a block of rows at a
     * time from the bias repeated per row, so OpenBLAS adds the product onto it (beta 1); the
     * clamp is then one loop over dst indexed from 0, which the JIT turns into SIMD.
     */
    private static void multiply(FloatPointer a, FloatPointer w, Scratch s, int rows, int cols, int depth,
                                 float[] tiledBias, float lo, float hi, float[] dst) {
        int total = rows * cols;
        FloatPointer c = s.product(total);
        int block = tiledBias.length;
        for (int at = 0; at < total; at += block) {
            c.position(at).put(tiledBias, 0, Math.min(block, total - at));
        }
        c.position(0);
        Blas.multiplyAdd(a, w, c, rows, cols, depth);
        c.get(dst, 0, total);
        if (lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = Math.min(Math.max(dst[i], lo), hi);
            }
        }
    }

    /** TFLite's [out, depth] filter as [depth, out], the layout OpenBLAS multiplies fastest (measured). */
    private static float[] transpose(float[] w, int out, int depth) {
        float[] t = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int d = 0; d < depth; d++) {
                t[d * out + o] = w[o * depth + d];
            }
        }
        return t;
    }

    /** The bias repeated for as many rows as fit in {@link #BLOCK} floats (at least one row). */
    private static float[] tiledBias(float[] bias, int rows) {
        int count = Math.max(1, Math.min(rows, BLOCK / bias.length));
        float[] t = new float[count * bias.length];
        for (int i = 0; i < count; i++) {
            System.arraycopy(bias, 0, t, i * bias.length, bias.length);
        }
        return t;
    }

    /** One row per output pixel: its window's inputs in (ky, kx, channel) order, zero outside the image. */
    static void im2col(ConvGeometry geo, float[] src, float[] patches) {
        int inC = geo.inC();
        int span = geo.kW() * inC;
        int depth = geo.kH() * span;
        int row = 0;
        for (int b = 0; b < geo.batch(); b++) {
            for (int oy = 0; oy < geo.outH(); oy++) {
                for (int ox = 0; ox < geo.outW(); ox++, row++) {
                    int ix0 = ox * geo.strideW() - geo.padLeft();
                    boolean inside = geo.dilationW() == 1 && ix0 >= 0 && ix0 + geo.kW() <= geo.inW();
                    for (int ky = 0; ky < geo.kH(); ky++) {
                        int p = row * depth + ky * span;
                        int iy = oy * geo.strideH() - geo.padTop() + ky * geo.dilationH();
                        if (iy < 0 || iy >= geo.inH()) {
                            java.util.Arrays.fill(patches, p, p + span, 0f);
                        } else if (inside) {
                            // the window row is one run of kW * C floats
                            copy(src, ((b * geo.inH() + iy) * geo.inW() + ix0) * inC, patches, p, span);
                        } else {
                            for (int kx = 0; kx < geo.kW(); kx++, p += inC) {
                                int ix = ix0 + kx * geo.dilationW();
                                if (ix < 0 || ix >= geo.inW()) {
                                    java.util.Arrays.fill(patches, p, p + inC, 0f);
                                } else {
                                    copy(src, ((b * geo.inH() + iy) * geo.inW() + ix) * inC, patches, p, inC);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** System.arraycopy, or a plain loop for the few floats of an RGB window row, where the call costs more. */
    private static void copy(float[] src, int from, float[] dst, int to, int n) {
        if (n < 32) {
            for (int i = 0; i < n; i++) {
                dst[to + i] = src[from + i];
            }
        } else {
            System.arraycopy(src, from, dst, to, n);
        }
    }
}
