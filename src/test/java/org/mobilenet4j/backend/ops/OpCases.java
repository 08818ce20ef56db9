package org.mobilenet4j.backend.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphValidator;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.Quantization;

/**
 * The generated cases of the per-op suite, in the manner of XNNPACK's test/subgraph: for every op of
 * {@link Op}, the cross product of odd and even shapes, strides 1 and 2, SAME and VALID padding, dilation
 * where the op has it, every fused activation (none, ReLU, ReLU6, ReLU-1..1), in float32, uint8 (per-tensor)
 * and int8 (per-channel weights). {@link #all()} is the exhaustive sweep ({@code mvn test -Pfull});
 * {@link #sampled()} a fixed-seed sample of at most {@value #SAMPLE} cases per (op, types) signature, which
 * keeps every signature of {@link #all()} (the default {@code mvn test}).
 */
public final class OpCases {
    static final int SAMPLE = 16;
    private static final DataType[] TYPES = {DataType.FLOAT32, DataType.UINT8, DataType.INT8};
    private static final Activation[] ACTIVATIONS = Activation.values();
    private static final Padding[] PADDINGS = Padding.values();

    private OpCases() {
    }

    /** Builds a case's graph in one net, returning the op's output tensor. */
    private interface Body {
        int build(OpNet n);
    }

    private static List<OpCase> all;

    public static synchronized List<OpCase> all() {
        if (all == null) {
            List<OpCase> cases = new ArrayList<>();
            for (DataType t : TYPES) {
                conv2d(cases, t);
                depthwiseConv2d(cases, t);
                fullyConnected(cases, t);
                averagePool2d(cases, t);
                globalAveragePool(cases, t);
                binary(cases, t);
                clamp(cases, t);
                unary(cases, t);
                reshape(cases, t);
                softmax(cases, t);
            }
            conversions(cases);
            all = List.copyOf(cases);
        }
        return all;
    }

    public static List<OpCase> sampled() {
        Map<String, List<OpCase>> bySignature = new LinkedHashMap<>();
        for (OpCase c : all()) {
            bySignature.computeIfAbsent(c.signature(), k -> new ArrayList<>()).add(c);
        }
        List<OpCase> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(2024);
        for (List<OpCase> group : bySignature.values()) {
            List<OpCase> left = new ArrayList<>(group);
            for (int i = 0; i < SAMPLE && !left.isEmpty(); i++) {
                out.add(left.remove(r.nextInt(left.size())));
            }
        }
        return out;
    }

    private static OpCase make(String name, DataType t, Body body) {
        long seed = name.hashCode();
        String label = name + " " + t.name().toLowerCase(java.util.Locale.ROOT);
        if (!t.isQuantized8()) {
            OpNet n = new OpNet(t, t, seed, null);
            return finish(label, n, body.build(n), null);
        }
        // float pass on the 8-bit grid: the output range and the real-valued answer
        OpNet f = new OpNet(DataType.FLOAT32, t, seed, null);
        Graph fg = GraphValidator.validate(f.build(body.build(f)));
        OpRun.Output real = OpRun.run(new ReferenceBackend(), fg, f.inputValues);
        float[] oracle = new float[real.size()];
        float lo = 0;
        float hi = 0;
        for (int i = 0; i < oracle.length; i++) {
            oracle[i] = (float) real.real(i);
            lo = Math.min(lo, oracle[i]);
            hi = Math.max(hi, oracle[i]);
        }
        // a span of at least 1/4 keeps the input/output scale ratio inside what QuantizationRules accepts when an
        // activation leaves only a sliver of the range
        hi = Math.max(hi, lo + 0.25f);
        OpNet q = new OpNet(t, t, seed, new float[] {lo, hi});
        return finish(label, q, body.build(q), oracle);
    }

    private static OpCase finish(String label, OpNet n, int output, float[] oracle) {
        Graph g = GraphValidator.validate(n.build(output));
        return new OpCase(label, OpSignature.of(g, g.nodes().get(0)), g, n.inputValues, oracle);
    }

    private static final int[][] IMAGES = {{1, 5, 7}, {1, 8, 8}, {2, 9, 6}, {1, 7, 5}};
    private static final int[] CHANNELS = {1, 3, 5, 8};

    private static void conv2d(List<OpCase> cases, DataType t) {
        int[][] kernels = {{1, 1}, {3, 3}, {2, 3}};
        int[][] strides = {{1, 1}, {2, 2}, {1, 2}};
        int i = 0;
        for (int[] k : kernels) {
            for (int[] s : strides) {
                for (Padding p : PADDINGS) {
                    for (int d = 1; d <= 2; d++) {
                        for (Activation a : ACTIVATIONS) {
                            int[] img = IMAGES[i % IMAGES.length];
                            int c = CHANNELS[i % CHANNELS.length];
                            int o = CHANNELS[(i / 2 + 1) % CHANNELS.length] + 1;
                            boolean bias = i % 5 != 4;
                            int dil = d;
                            String name = String.format("Conv2d %dx%dx%dx%d k%dx%d s%dx%d d%d %s %s o%d%s", img[0],
                                    img[1], img[2], c, k[0], k[1], s[0], s[1], dil, p, a, o, bias ? "" : " nobias");
                            cases.add(make(name, t, n -> {
                                int x = n.input(-2, 2, img[0], img[1], img[2], c);
                                int w = n.filter(0, o, k[0], k[1], c);
                                int b = bias ? n.bias(x, o) : -1;
                                int y = n.output(img[0], p.outputSize(img[1], k[0], s[0], dil),
                                        p.outputSize(img[2], k[1], s[1], dil), o);
                                return n.node(new Op.Conv2d(s[0], s[1], p, dil, dil, a), y, x, w, b);
                            }));
                            i++;
                        }
                    }
                }
            }
        }
    }

    private static void depthwiseConv2d(List<OpCase> cases, DataType t) {
        int[][] kernels = {{3, 3}, {1, 1}, {3, 2}, {5, 5}};
        int[][] strides = {{1, 1}, {2, 2}};
        int i = 0;
        for (int[] k : kernels) {
            for (int[] s : strides) {
                for (Padding p : PADDINGS) {
                    for (int d = 1; d <= 2; d++) {
                        for (int m = 1; m <= 2; m++) {
                            for (Activation a : ACTIVATIONS) {
                                int[] img = IMAGES[i % IMAGES.length];
                                int c = CHANNELS[i % CHANNELS.length];
                                int dil = d;
                                int mult = m;
                                i++;
                                if (p == Padding.VALID && ((k[0] - 1) * dil + 1 > img[1]
                                        || (k[1] - 1) * dil + 1 > img[2])) {
                                    continue;
                                }
                                boolean bias = i % 5 != 4;
                                String name = String.format("DepthwiseConv2d %dx%dx%dx%d k%dx%d s%d d%d m%d %s %s%s",
                                        img[0], img[1], img[2], c, k[0], k[1], s[0], dil, mult, p, a,
                                        bias ? "" : " nobias");
                                cases.add(make(name, t, n -> {
                                    int x = n.input(-2, 2, img[0], img[1], img[2], c);
                                    int w = n.filter(3, 1, k[0], k[1], c * mult);
                                    int b = bias ? n.bias(x, c * mult) : -1;
                                    int y = n.output(img[0], p.outputSize(img[1], k[0], s[0], dil),
                                            p.outputSize(img[2], k[1], s[1], dil), c * mult);
                                    return n.node(new Op.DepthwiseConv2d(s[0], s[1], p, dil, dil, mult, a), y, x, w, b);
                                }));
                            }
                        }
                    }
                }
            }
        }
    }

    private static void fullyConnected(List<OpCase> cases, DataType t) {
        for (int batch : new int[] {1, 3}) {
            for (int in : new int[] {1, 7, 16}) {
                for (int out : new int[] {1, 5, 10}) {
                    for (boolean rank4 : new boolean[] {false, true}) {
                        for (Activation a : ACTIVATIONS) {
                            String name = String.format("FullyConnected %dx%d%s -> %d %s", batch, in,
                                    rank4 ? " (rank 4)" : "", out, a);
                            cases.add(make(name, t, n -> {
                                int x = rank4 ? n.input(-2, 2, batch, 1, 1, in) : n.input(-2, 2, batch, in);
                                int w = n.filter(0, out, in);
                                int b = n.bias(x, out);
                                return n.node(new Op.FullyConnected(a), n.output(batch, out), x, w, b);
                            }));
                        }
                    }
                }
            }
        }
    }

    private static void averagePool2d(List<OpCase> cases, DataType t) {
        int[][] images = {{1, 5, 7}, {1, 6, 6}, {2, 7, 5}};
        int i = 0;
        for (int[] img : images) {
            int[][] filters = {{2, 2}, {3, 3}, {2, 3}, {img[1], img[2]}};
            for (int[] f : filters) {
                for (int s = 1; s <= 2; s++) {
                    for (Padding p : PADDINGS) {
                        for (Activation a : ACTIVATIONS) {
                            int c = CHANNELS[i++ % CHANNELS.length];
                            int stride = s;
                            String name = String.format("AveragePool2d %dx%dx%dx%d f%dx%d s%d %s %s", img[0], img[1],
                                    img[2], c, f[0], f[1], stride, p, a);
                            cases.add(make(name, t, n -> {
                                int x = n.input(-2, 2, img[0], img[1], img[2], c);
                                // quantized AVERAGE_POOL_2D keeps its input's quantization (TFLite)
                                int y = n.outputLike(x, img[0], p.outputSize(img[1], f[0], stride, 1),
                                        p.outputSize(img[2], f[1], stride, 1), c);
                                return n.node(new Op.AveragePool2d(f[0], f[1], stride, stride, p, a), y, x);
                            }));
                        }
                    }
                }
            }
        }
    }

    private static void globalAveragePool(List<OpCase> cases, DataType t) {
        int[][] images = {{1, 1, 1}, {1, 5, 7}, {2, 7, 7}, {1, 4, 4}};
        for (int[] img : images) {
            for (int c : new int[] {1, 3, 16}) {
                for (boolean keepDims : new boolean[] {true, false}) {
                    String name = String.format("GlobalAveragePool %dx%dx%dx%d%s", img[0], img[1], img[2], c,
                            keepDims ? "" : " -> [N, C]");
                    cases.add(make(name, t, n -> {
                        int x = n.input(-2, 2, img[0], img[1], img[2], c);
                        int y = keepDims ? n.output(img[0], 1, 1, c) : n.output(img[0], c);
                        return n.node(new Op.GlobalAveragePool(), y, x);
                    }));
                }
            }
        }
    }

    private static void binary(List<OpCase> cases, DataType t) {
        int[][][] shapes = {
            {{1, 5, 7, 3}, {1, 5, 7, 3}},
            {{1, 5, 7, 3}, {1, 1, 1, 3}},
            {{1, 1, 1, 6}, {2, 3, 5, 6}},
            {{2, 9}, {9}},
        };
        for (boolean mul : new boolean[] {false, true}) {
            for (int[][] sh : shapes) {
                for (Activation a : ACTIVATIONS) {
                    String kind = mul ? "Mul" : "Add";
                    String name = String.format("%s %s %s %s", kind, java.util.Arrays.toString(sh[0]),
                            java.util.Arrays.toString(sh[1]), a);
                    cases.add(make(name, t, n -> {
                        int x = n.input(-2, 2, sh[0]);
                        int z = n.input(-1, 3, sh[1]);
                        int[] out = sh[0].length >= sh[1].length ? sh[0].clone() : sh[1].clone();
                        for (int d = 1; d <= out.length; d++) {
                            int dx = d <= sh[0].length ? sh[0][sh[0].length - d] : 1;
                            int dz = d <= sh[1].length ? sh[1][sh[1].length - d] : 1;
                            out[out.length - d] = Math.max(dx, dz);
                        }
                        Op op = mul ? new Op.Mul(a) : new Op.Add(a);
                        return n.node(op, n.output(out), x, z);
                    }));
                }
            }
        }
    }

    private static final int[][] ELEMENTWISE = {{1, 5, 7, 3}, {2, 9}, {1, 1, 1, 17}};

    private static void clamp(List<OpCase> cases, DataType t) {
        float[][] bounds = {{0, Float.POSITIVE_INFINITY}, {0, 6}, {-1, 1}, {-0.5f, 2.5f}};
        for (float[] mm : bounds) {
            for (int[] sh : ELEMENTWISE) {
                String name = String.format("Clamp %s [%s, %s]", java.util.Arrays.toString(sh), mm[0], mm[1]);
                cases.add(make(name, t, n -> {
                    int x = n.input(-8, 8, sh);
                    return n.node(new Op.Clamp(mm[0], mm[1]), n.outputLike(x, sh), x);
                }));
            }
        }
    }

    private static void unary(List<OpCase> cases, DataType t) {
        Op[] ops = {new Op.HardSwish(), new Op.HardSigmoid(), new Op.Sigmoid()};
        for (Op op : ops) {
            for (int[] sh : ELEMENTWISE) {
                for (float range : new float[] {2, 6}) {
                    String name = String.format("%s %s in +-%s", op.kind(), java.util.Arrays.toString(sh), range);
                    cases.add(make(name, t, n -> {
                        int x = n.input(-range, range, sh);
                        int y = op instanceof Op.Sigmoid ? n.probabilities(sh) : n.output(sh);
                        return n.node(op, y, x);
                    }));
                }
            }
        }
    }

    private static void reshape(List<OpCase> cases, DataType t) {
        int[][][] shapes = {{{1, 3, 5, 7}, {1, 105}}, {{1, 1, 1, 10}, {1, 10}}, {{2, 6}, {2, 2, 3}}};
        for (int[][] sh : shapes) {
            String name = String.format("Reshape %s -> %s", java.util.Arrays.toString(sh[0]),
                    java.util.Arrays.toString(sh[1]));
            cases.add(make(name, t, n -> {
                int x = n.input(-2, 2, sh[0]);
                return n.node(new Op.Reshape(), n.outputLike(x, sh[1]), x);
            }));
        }
    }

    private static void softmax(List<OpCase> cases, DataType t) {
        int[][] shapes = {{1, 10}, {2, 7}, {1, 1001}, {1, 1, 1, 5}};
        for (int[] sh : shapes) {
            for (float range : new float[] {4, 20}) {
                String name = String.format("Softmax %s in +-%s", java.util.Arrays.toString(sh), range);
                cases.add(make(name, t, n -> {
                    int x = n.input(-range, range, sh);
                    return n.node(new Op.Softmax(1f), n.probabilities(sh), x);
                }));
            }
        }
    }

    /**
     * Quantize (float -> 8-bit, and 8-bit -> 8-bit with new parameters) and Dequantize. All are the identity
     * on real values: the oracle is the input, and the output grid covers the input range (no saturation).
     */
    private static void conversions(List<OpCase> cases) {
        DataType[] from = {DataType.FLOAT32, DataType.UINT8, DataType.INT8};
        DataType[] to8 = {DataType.UINT8, DataType.INT8};
        for (int[] sh : ELEMENTWISE) {
            for (DataType a : from) {
                for (DataType b : to8) {
                    cases.add(conversion(new Op.Quantize(), a, b, sh));
                }
            }
            for (DataType a : to8) {
                cases.add(conversion(new Op.Dequantize(), a, DataType.FLOAT32, sh));
            }
        }
    }

    private static OpCase conversion(Op op, DataType from, DataType to, int[] shape) {
        String label = String.format("%s %s %s->%s", op.kind(), java.util.Arrays.toString(shape),
                from.name().toLowerCase(java.util.Locale.ROOT), to.name().toLowerCase(java.util.Locale.ROOT));
        OpNet n = new OpNet(from, from, label.hashCode(), null);
        int x = n.inputOf(from, from, -3, 2, shape);
        // a wider output grid (new scale and zero point), so requantization rescales
        Quantization q = to.isQuantized8() ? OpNet.range(to, -3.5f, 2.5f) : null;
        int y = n.node(op, n.outputOf(to, q, shape), x);
        float[] oracle = n.inputValues.get(0).clone();
        return finish(label, n, y, oracle);
    }
}
