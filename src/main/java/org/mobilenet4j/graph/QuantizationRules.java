package org.mobilenet4j.graph;

/**
 * The quantization parameters every backend can run: what a quantized tensor may carry and the rescaling
 * factors each integer op derives from them. The limits are those of XNNPACK (the 2022-02 snapshot and the
 * 2024-11 release, whichever is stricter) and TFLite's kernels together, so that a graph that passes runs on
 * every backend; outside them XNNPACK refuses the op or, worse, trips an assertion that aborts the process
 * (a convolution whose rescale factor is below 2<sup>-32</sup>, a global average pool whose factor divided by
 * the pixel count is). Per tensor: scales positive, finite and normal; zero points in their type's range
 * (int32 biases and per-channel int8 filters: 0); per-channel parameters only on filters and biases, one per
 * channel along an existing axis. Per op, with s the scales (x input, w filter, y output):
 * <ul>
 *   <li>Conv2d, DepthwiseConv2d, FullyConnected: s_x * s_w[c] / s_y in [2<sup>-32</sup>, 2<sup>8</sup>) for
 *       every output channel c; uint8 takes a uint8 per-tensor filter, int8 an int8 filter, per-tensor or per
 *       output channel; a per-tensor bias has scale s_x * s_w within 0.02 s_y (TFLite)</li>
 *   <li>Add: s_a / s_y and s_b / s_y in [2<sup>-10</sup>, 2<sup>8</sup>)</li>
 *   <li>Mul: s_a * s_b / s_y in [2<sup>-16</sup>, 2<sup>8</sup>)</li>
 *   <li>AveragePool2d, GlobalAveragePool: s_x / s_y in [2<sup>-8</sup>, 2<sup>8</sup>), and divided by the
 *       pixels averaged at least 2<sup>-32</sup>; at most 2<sup>24</sup> - 1 pixels in a pooling window</li>
 *   <li>HardSwish: s_x / s_y in [2<sup>-8</sup>, 2<sup>7</sup>]; quantize to a quantized type: the same range</li>
 *   <li>Sigmoid, Softmax: output scale 1/256, zero point 0 (uint8) or -128 (int8)</li>
 *   <li>Clamp, Reshape: output quantized as the input</li>
 * </ul>
 * Ratios are checked in float (as XNNPACK computes them) and in double (as TFLite does).
 */
final class QuantizationRules {
    static final double MIN_REQUANTIZATION = 0x1.0p-32;
    static final double MAX_REQUANTIZATION = 0x1.0p8;
    static final int MAX_POOLING_SIZE = (1 << 24) - 1;

    private QuantizationRules() {
    }

    /** The parameters of one tensor, whatever reads it. */
    static void checkTensor(Tensor t) {
        TensorType type = t.type();
        Quantization q = type.quantization();
        if (q == null || type.dataType() == DataType.FLOAT32) {
            return;
        }
        for (int c = 0; c < q.channels(); c++) {
            float s = q.scale(c);
            if (!(s >= Float.MIN_NORMAL) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("tensor " + t + ": scale " + s
                        + " is not a positive, finite, normal float");
            }
            long zp = q.rawZeroPoint(c);
            long lo = type.dataType() == DataType.INT32 || !q.isPerTensor() ? 0 : type.dataType().qmin();
            long hi = type.dataType() == DataType.INT32 || !q.isPerTensor() ? 0 : type.dataType().qmax();
            if (zp < lo || zp > hi) {
                throw new IllegalArgumentException("tensor " + t + ": zero point " + zp + " outside [" + lo + ", "
                        + hi + "]" + (lo == hi ? (q.isPerTensor() ? " (int32)" : " (per-channel)") : ""));
            }
        }
        if (!q.isPerTensor()) {
            if (type.dataType() == DataType.UINT8) {
                throw new IllegalArgumentException("tensor " + t + ": per-channel uint8 quantization");
            }
            if (q.axis() < 0 || q.axis() >= type.rank() || type.dim(q.axis()) != q.channels()) {
                throw new IllegalArgumentException("tensor " + t + ": " + q.channels() + " per-channel scales along axis "
                        + q.axis() + " of shape " + type.shapeString());
            }
        }
    }

    /** The rescaling factors {@code n} computes; {@code x} and {@code y} are its first input and output. */
    static void checkNode(Graph g, Node n, TensorType x, TensorType y) {
        Op op = n.op();
        boolean quantized = x.dataType().isQuantized8() && y.dataType().isQuantized8();
        if (!quantized) {
            if (op instanceof Op.Quantize || op instanceof Op.Dequantize) {
                // float <-> 8-bit: any valid parameters (a per-channel constant may be dequantized)
                return;
            }
            perTensorOnly(g, n);
            return;
        }
        // exhaustive by Op.Visitor: a new op fails compilation here until its 8-bit rescaling is bounded
        op.accept(new Op.Visitor<Void>() {
            public Void conv2d(Op.Conv2d op) {
                filter(g, n, x, y, 0);
                return null;
            }

            public Void depthwiseConv2d(Op.DepthwiseConv2d op) {
                filter(g, n, x, y, 3);
                return null;
            }

            public Void fullyConnected(Op.FullyConnected op) {
                filter(g, n, x, y, 0);
                return null;
            }

            public Void averagePool2d(Op.AveragePool2d a) {
                return pool((long) a.filterH() * a.filterW(), true);
            }

            public Void globalAveragePool(Op.GlobalAveragePool op) {
                return pool((long) x.dim(1) * x.dim(2), false);
            }

            private Void pool(long pixels, boolean windowed) {
                perTensorOnly(g, n);
                float sx = x.quantization().scale();
                float sy = y.quantization().scale();
                ratio("input / output scale", sx, 1, sy, 0x1.0p-8, MAX_REQUANTIZATION, false);
                if (windowed && pixels > MAX_POOLING_SIZE) {
                    throw new IllegalArgumentException("quantized pooling window of " + pixels + " pixels (at most "
                            + MAX_POOLING_SIZE + ")");
                }
                if ((double) sx / sy / pixels < MIN_REQUANTIZATION || sx / sy / (float) pixels < MIN_REQUANTIZATION) {
                    throw new IllegalArgumentException("input / output scale " + sx / sy + " over " + pixels
                            + " pixels is below 2^-32");
                }
                return null;
            }

            public Void add(Op.Add op) {
                perTensorOnly(g, n);
                float sb = g.tensor(n.input(1)).type().quantization().scale();
                float sy = y.quantization().scale();
                ratio("first input / output scale", x.quantization().scale(), 1, sy, 0x1.0p-10, MAX_REQUANTIZATION,
                        false);
                ratio("second input / output scale", sb, 1, sy, 0x1.0p-10, MAX_REQUANTIZATION, false);
                return null;
            }

            public Void mul(Op.Mul op) {
                perTensorOnly(g, n);
                float sb = g.tensor(n.input(1)).type().quantization().scale();
                ratio("input scales product / output scale", x.quantization().scale(), sb, y.quantization().scale(),
                        0x1.0p-16, MAX_REQUANTIZATION, false);
                return null;
            }

            public Void hardSwish(Op.HardSwish op) {
                return rescale();
            }

            public Void quantize(Op.Quantize op) {
                return rescale();
            }

            private Void rescale() {
                perTensorOnly(g, n);
                ratio("input / output scale", x.quantization().scale(), 1, y.quantization().scale(), 0x1.0p-8,
                        0x1.0p7, true);
                return null;
            }

            public Void sigmoid(Op.Sigmoid op) {
                return probabilities(op);
            }

            public Void softmax(Op.Softmax op) {
                return probabilities(op);
            }

            private Void probabilities(Op op) {
                perTensorOnly(g, n);
                int zp = y.dataType() == DataType.UINT8 ? 0 : -128;
                if (y.quantization().scale() != 1f / 256 || y.quantization().zeroPoint() != zp) {
                    throw new IllegalArgumentException(op.kind() + " output quantized as " + y.quantization()
                            + ", must be scale 1/256, zero point " + zp);
                }
                return null;
            }

            public Void clamp(Op.Clamp op) {
                return sameQuantization();
            }

            public Void reshape(Op.Reshape op) {
                return sameQuantization();
            }

            private Void sameQuantization() {
                perTensorOnly(g, n);
                if (!x.quantization().equals(y.quantization())) {
                    throw new IllegalArgumentException("output " + y.quantization() + " differs from input "
                            + x.quantization());
                }
                return null;
            }

            // no rescaling of their own: the reference requantizes through float (HardSigmoid); a quantized
            // Dequantize output is refused by the validator
            public Void hardSigmoid(Op.HardSigmoid op) {
                perTensorOnly(g, n);
                return null;
            }

            public Void dequantize(Op.Dequantize op) {
                perTensorOnly(g, n);
                return null;
            }
        });
    }

    private static void filter(Graph g, Node n, TensorType x, TensorType y, int channelAxis) {
        Tensor wt = g.tensor(n.input(1));
        TensorType w = wt.type();
        Quantization wq = w.quantization();
        requirePerTensor(g, n.input(0));
        requirePerTensor(g, n.output(0));
        if (x.dataType() != y.dataType() || w.dataType() != x.dataType()) {
            throw new IllegalArgumentException("input " + x.dataType() + ", filter " + w.dataType() + ", output "
                    + y.dataType() + ": all must be the same 8-bit type");
        }
        if (!wq.isPerTensor() && wq.axis() != channelAxis) {
            throw new IllegalArgumentException("filter " + wt + " quantized along axis " + wq.axis()
                    + ", not its output channels (" + channelAxis + ")");
        }
        if (w.dataType() == DataType.INT8 && wq.zeroPoint() != 0) {
            throw new IllegalArgumentException("int8 filter " + wt + " needs zero point 0");
        }
        float sx = x.quantization().scale();
        float sy = y.quantization().scale();
        for (int c = 0; c < wq.channels(); c++) {
            ratio("input * filter / output scale" + (wq.isPerTensor() ? "" : " of channel " + c), sx, wq.scale(c), sy,
                    MIN_REQUANTIZATION, MAX_REQUANTIZATION, false);
        }
        int b = n.input(2);
        if (b >= 0) {
            Tensor bt = g.tensor(b);
            Quantization bq = bt.type().quantization();
            if (bq == null) {
                throw new IllegalArgumentException("bias " + bt + " has no quantization");
            }
            if (!bq.isPerTensor() && (bq.axis() != 0 || wq.isPerTensor() || bq.channels() != wq.channels())) {
                throw new IllegalArgumentException("per-channel bias " + bt + " for filter " + wt);
            }
            if (bq.isPerTensor() && wq.isPerTensor()) {
                double product = (double) sx * wq.scale();
                if (Math.abs(product - bq.scale()) / sy > 0.02) {
                    throw new IllegalArgumentException("bias scale " + bq.scale() + " is not input * filter scale "
                            + product + " (TFLite allows a difference of 0.02 output scale)");
                }
            }
        }
    }

    /** a * b / c within [lo, hi) (or [lo, hi] when {@code closed}), in float and in double. */
    private static void ratio(String what, float a, float b, float c, double lo, double hi, boolean closed) {
        double exact = (double) a * b / c;
        float single = a * b / c;
        for (double r : new double[] {exact, single}) {
            if (!(r >= lo) || (closed ? r > hi : r >= hi)) {
                throw new IllegalArgumentException(what + " " + (float) exact + " outside [" + (float) lo + ", "
                        + (float) hi + (closed ? "]" : ")"));
            }
        }
    }

    /** Per-channel parameters on an input or output of an op that does not read them per channel. */
    private static void perTensorOnly(Graph g, Node n) {
        for (int i = 0; i < n.inputCount(); i++) {
            if (n.input(i) >= 0) {
                requirePerTensor(g, n.input(i));
            }
        }
        requirePerTensor(g, n.output(0));
    }

    private static void requirePerTensor(Graph g, int id) {
        Tensor t = g.tensor(id);
        Quantization q = t.type().quantization();
        if (q != null && !q.isPerTensor() && t.type().dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("tensor " + t + " is quantized per channel, which only filters and "
                    + "biases may be");
        }
    }
}
