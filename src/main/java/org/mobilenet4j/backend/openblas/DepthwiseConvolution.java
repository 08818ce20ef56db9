package org.mobilenet4j.backend.openblas;

import org.mobilenet4j.backend.internal.ResourcePool;
import org.mobilenet4j.backend.reference.ConvGeometry;
import org.mobilenet4j.backend.reference.Kernel;
import org.mobilenet4j.backend.reference.Weights;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;

/**
 * Float depthwise convolution in plain Java, one output row at a time. NHWC keeps a row of pixels as one
 * contiguous run of width x channels floats, so each tap (ky, kx) of the window is one multiply-add over the
 * whole row: acc[j] += shifted[j] * tiled[j], where shifted is the input row moved by the tap's offset (zeros
 * where the window leaves the image) and tiled is the tap's weights repeated once per output pixel. Every
 * array in that loop is indexed from 0, the form the HotSpot JIT of Java 17 turns into SIMD (it does not for
 * loops mixing run-time offsets). Sums run in the same order as the reference kernel: bias, then the taps
 * row-major. Depth multiplier M (output channel c reads input c / M) takes a plain per-pixel loop.
 */
final class DepthwiseConvolution {
    private DepthwiseConvolution() {
    }

    static Kernel prepare(Graph g, Node node, Op.DepthwiseConv2d op, ResourcePool<Scratch> pool) {
        int m = op.depthMultiplier();
        ConvGeometry geo = ConvGeometry.ofDepthwise(g, node, op);
        float[] w = Weights.floats(g, node.input(1));
        float[] bias = Weights.floatBias(g, node.input(2), geo.outC());
        float lo = op.activation().min();
        float hi = op.activation().max();
        int x = node.input(0);
        int y = node.output(0);
        int size = geo.batch() * geo.outH() * geo.outW() * geo.outC();
        if (m != 1) {
            return v -> {
                float[] dst = v.floats[y] = v.reusableFloats(y, size);
                perPixel(geo, m, v.floats[x], w, bias, lo, hi, dst);
            };
        }
        int rowLength = geo.outW() * geo.outC();
        float[][] tiled = new float[geo.kH() * geo.kW()][];
        for (int t = 0; t < tiled.length; t++) {
            tiled[t] = tile(w, t * geo.outC(), geo.outC(), geo.outW());
        }
        float[] tiledBias = tile(bias, 0, geo.outC(), geo.outW());
        return v -> {
            float[] dst = v.floats[y] = v.reusableFloats(y, size);
            Scratch s = pool.take();
            try {
                byRow(geo, v.floats[x], tiled, tiledBias, lo, hi, dst, s.rows(geo.kH() * geo.kW() + 1, rowLength));
            } finally {
                pool.give(s);
            }
        };
    }

    /** {@code count} copies of values[from, from + n). */
    private static float[] tile(float[] values, int from, int n, int count) {
        float[] t = new float[n * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(values, from, t, i * n, n);
        }
        return t;
    }

    /** {@code rows}: kH * kW + 1 arrays of at least a row's length, for the shifted rows and the accumulator. */
    static void byRow(ConvGeometry geo, float[] src, float[][] tiled, float[] tiledBias, float lo, float hi,
                      float[] dst, float[][] rows) {
        int n = tiledBias.length;
        int kH = geo.kH();
        int kW = geo.kW();
        float[] acc = rows[kH * kW];
        // the shifted copies of an input row serve every output row whose window covers it (kH of them at
        // stride 1): slot iy % kH holds input row tag[slot]
        float[][][] shifted = new float[kH][][];
        for (int ky = 0; ky < kH; ky++) {
            shifted[ky] = java.util.Arrays.copyOfRange(rows, ky * kW, ky * kW + kW);
        }
        int[] tag = new int[kH];
        java.util.Arrays.fill(tag, -1);
        for (int b = 0; b < geo.batch(); b++) {
            for (int oy = 0; oy < geo.outH(); oy++) {
                System.arraycopy(tiledBias, 0, acc, 0, n);
                for (int ky = 0; ky < kH; ky++) {
                    int iy = oy * geo.strideH() - geo.padTop() + ky * geo.dilationH();
                    if (iy < 0 || iy >= geo.inH()) {
                        continue;
                    }
                    int row = b * geo.inH() + iy;
                    int slot = geo.dilationH() == 1 ? iy % kH : ky;
                    float[][] s = shifted[slot];
                    if (tag[slot] != row) {
                        for (int kx = 0; kx < kW; kx++) {
                            shift(geo, src, row * geo.inW(), kx, s[kx]);
                        }
                        tag[slot] = row;
                    }
                    int t = ky * kW;
                    if (kW == 3) {
                        multiplyAdd3(acc, s[0], tiled[t], s[1], tiled[t + 1], s[2], tiled[t + 2], n);
                    } else {
                        for (int kx = 0; kx < kW; kx++) {
                            multiplyAdd(acc, s[kx], tiled[t + kx], n);
                        }
                    }
                }
                clamp(acc, lo, hi, n);
                System.arraycopy(acc, 0, dst, (b * geo.outH() + oy) * n, n);
            }
        }
    }

    /** The input pixels tap column kx sees along one output row, zeros where it leaves the image. */
    private static void shift(ConvGeometry geo, float[] src, int rowPixel, int kx, float[] shifted) {
        int c = geo.inC();
        int offset = kx * geo.dilationW() - geo.padLeft();
        if (geo.strideW() == 1) {
            // output pixels [first, last) read input pixels [first + offset, last + offset)
            // a window that starts left of the image by more than the row (large dilation or padding) reads
            // nothing: first and last stay within [0, outW]
            int first = Math.min(geo.outW(), Math.max(0, -offset));
            int last = Math.max(0, Math.min(geo.outW(), geo.inW() - offset));
            java.util.Arrays.fill(shifted, 0, first * c, 0f);
            if (last > first) {
                System.arraycopy(src, (rowPixel + first + offset) * c, shifted, first * c, (last - first) * c);
            }
            java.util.Arrays.fill(shifted, Math.max(first, last) * c, geo.outW() * c, 0f);
            return;
        }
        for (int ox = 0; ox < geo.outW(); ox++) {
            int ix = ox * geo.strideW() + offset;
            if (ix < 0 || ix >= geo.inW()) {
                java.util.Arrays.fill(shifted, ox * c, ox * c + c, 0f);
            } else {
                System.arraycopy(src, (rowPixel + ix) * c, shifted, ox * c, c);
            }
        }
    }

    private static void multiplyAdd(float[] acc, float[] x, float[] w, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += x[i] * w[i];
        }
    }

    /** Three taps in one pass, summed in the same order as three {@link #multiplyAdd} calls. */
    private static void multiplyAdd3(float[] acc, float[] x0, float[] w0, float[] x1, float[] w1, float[] x2,
                                     float[] w2, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] = acc[i] + x0[i] * w0[i] + x1[i] * w1[i] + x2[i] * w2[i];
        }
    }

    private static void clamp(float[] acc, float lo, float hi, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] = Math.min(Math.max(acc[i], lo), hi);
        }
    }

    /** Any depth multiplier: output channel c reads input channel c / m. */
    static void perPixel(ConvGeometry geo, int m, float[] src, float[] w, float[] bias, float lo, float hi,
                         float[] dst) {
        int outC = geo.outC();
        int inC = geo.inC();
        for (int b = 0; b < geo.batch(); b++) {
            for (int oy = 0; oy < geo.outH(); oy++) {
                for (int ox = 0; ox < geo.outW(); ox++) {
                    int ob = ((b * geo.outH() + oy) * geo.outW() + ox) * outC;
                    System.arraycopy(bias, 0, dst, ob, outC);
                    for (int ky = 0; ky < geo.kH(); ky++) {
                        int iy = oy * geo.strideH() - geo.padTop() + ky * geo.dilationH();
                        if (iy < 0 || iy >= geo.inH()) {
                            continue;
                        }
                        for (int kx = 0; kx < geo.kW(); kx++) {
                            int ix = ox * geo.strideW() - geo.padLeft() + kx * geo.dilationW();
                            if (ix < 0 || ix >= geo.inW()) {
                                continue;
                            }
                            int ib = ((b * geo.inH() + iy) * geo.inW() + ix) * inC;
                            int wb = (ky * geo.kW() + kx) * outC;
                            for (int c = 0; c < outC; c++) {
                                dst[ob + c] += src[ib + c / m] * w[wb + c];
                            }
                        }
                    }
                    for (int c = ob; c < ob + outC; c++) {
                        dst[c] = Math.min(Math.max(dst[c], lo), hi);
                    }
                }
            }
        }
    }
}
