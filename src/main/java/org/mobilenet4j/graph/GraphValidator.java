package org.mobilenet4j.graph;

import java.util.List;

/**
 * Checks a graph before any backend touches it: sizes are bounded, every op's inputs and outputs have the
 * ranks, shapes and types its semantics need. A graph that passes cannot make a kernel read or write out of
 * bounds; one that fails gets an {@link IllegalArgumentException} naming the node. Quantization parameters
 * and the rescaling factors integer ops derive from them are held to what every backend runs
 * ({@code QuantizationRules}). Importers run it on every model, backends on every graph they compile.
 */
public final class GraphValidator {
    /** Largest tensor accepted, in elements (1 GiB of float32). */
    public static final long MAX_ELEMENTS = 1L << 28;
    /** Largest rank accepted (XNNPACK's limit). */
    public static final int MAX_RANK = 6;

    private GraphValidator() {
    }

    public static Graph validate(Graph g) {
        for (Tensor t : g.tensors()) {
            QuantizationRules.checkTensor(t);
            TensorType type = t.type();
            if (type.rank() > MAX_RANK) {
                throw new IllegalArgumentException("tensor " + t + ": rank " + type.rank() + " above " + MAX_RANK);
            }
            long n = 1;
            for (int d : type.shape()) {
                if (d <= 0 && !t.isConstant()) {
                    throw new IllegalArgumentException("tensor " + t + ": dimension " + d);
                }
                n *= Math.max(d, 1);
                if (n > MAX_ELEMENTS) {
                    throw new IllegalArgumentException("tensor " + t + ": more than " + MAX_ELEMENTS + " elements");
                }
            }
        }
        List<Node> nodes = g.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            try {
                check(g, n);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node " + i + " (" + n.op().kind() + " '" + n.name() + "'): "
                        + e.getMessage(), e);
            }
        }
        return g;
    }

    private static TensorType in(Graph g, Node n, int i) {
        int id = n.input(i);
        if (id < 0) {
            throw new IllegalArgumentException("input " + i + " is missing");
        }
        return g.tensor(id).type();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void check(Graph g, Node n) {
        Op op = n.op();
        require(n.outputs().length == 1, "expected one output");
        TensorType y = g.tensor(n.output(0)).type();
        require(!g.tensor(n.output(0)).isConstant(), "writes a constant");
        TensorType x = in(g, n, 0);
        boolean quantized = x.dataType().isQuantized8();
        // exhaustive by Op.Visitor: a new op fails compilation here until its shapes and types are checked
        op.accept(new Op.Visitor<Void>() {
            public Void conv2d(Op.Conv2d c) {
                TensorType w = filter(g, n, x, y);
                require(w.dim(3) == x.dim(3), "filter " + w.shapeString() + " for input channels " + x.dim(3));
                require(w.dim(0) == y.dim(3), "filter " + w.shapeString() + " for output channels " + y.dim(3));
                window(g, n, x, y, c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), c.padding(), quantized);
                return null;
            }

            public Void depthwiseConv2d(Op.DepthwiseConv2d d) {
                TensorType w = filter(g, n, x, y);
                require(d.depthMultiplier() >= 1 && w.dim(0) == 1 && (long) x.dim(3) * d.depthMultiplier() == w.dim(3)
                        && w.dim(3) == y.dim(3), "depthwise filter " + w.shapeString() + " x multiplier "
                        + d.depthMultiplier() + " for " + x.shapeString() + " -> " + y.shapeString());
                window(g, n, x, y, d.strideH(), d.strideW(), d.dilationH(), d.dilationW(), d.padding(), quantized);
                return null;
            }

            public Void fullyConnected(Op.FullyConnected op) {
                TensorType w = in(g, n, 1);
                require(w.rank() == 2 && g.tensor(n.input(1)).isConstant(), "filter must be a constant [O, I]");
                require(x.elementCount() % w.dim(1) == 0, "input " + x.shapeString() + " is not a multiple of "
                        + w.dim(1));
                require(y.elementCount() == x.elementCount() / w.dim(1) * w.dim(0), "output " + y.shapeString());
                require(y.dim(-1) == w.dim(0), "output " + y.shapeString() + " for " + w.dim(0) + " units");
                bias(g, n, w.dim(0));
                sameKind(g, n, quantized);
                return null;
            }

            public Void averagePool2d(Op.AveragePool2d a) {
                require(x.rank() == 4 && y.rank() == 4 && x.dim(3) == y.dim(3), "needs rank-4 tensors of equal channels");
                require(a.filterH() >= 1 && a.filterW() >= 1 && a.strideH() >= 1 && a.strideW() >= 1
                        && a.filterH() <= 4096 && a.filterW() <= 4096 && a.strideH() <= 4096 && a.strideW() <= 4096,
                        "bad filter or stride");
                windowOutput(x, y, a.filterH(), a.filterW(), a.strideH(), a.strideW(), 1, 1, a.padding());
                return null;
            }

            public Void globalAveragePool(Op.GlobalAveragePool op) {
                require(x.rank() == 4 && y.elementCount() == (long) x.dim(0) * x.dim(3) && y.dim(-1) == x.dim(3),
                        "from " + x.shapeString() + " to " + y.shapeString());
                return null;
            }

            public Void add(Op.Add op) {
                return broadcast();
            }

            public Void mul(Op.Mul op) {
                return broadcast();
            }

            private Void broadcast() {
                TensorType b = in(g, n, 1);
                require(y.rank() == Math.max(x.rank(), b.rank()), "output rank");
                for (int d = 1; d <= y.rank(); d++) {
                    int dx = d <= x.rank() ? x.dim(-d) : 1;
                    int db = d <= b.rank() ? b.dim(-d) : 1;
                    require((dx == db || dx == 1 || db == 1) && y.dim(-d) == Math.max(dx, db),
                            x.shapeString() + " and " + b.shapeString() + " do not broadcast to " + y.shapeString());
                }
                require(x.dataType() == b.dataType() && b.dataType() == y.dataType(), "mixed types");
                return null;
            }

            public Void clamp(Op.Clamp c) {
                require(!(c.min() > c.max()), "min " + c.min() + " above max " + c.max());
                return elementwise();
            }

            public Void hardSwish(Op.HardSwish op) {
                return elementwise();
            }

            public Void hardSigmoid(Op.HardSigmoid op) {
                return elementwise();
            }

            public Void sigmoid(Op.Sigmoid op) {
                return elementwise();
            }

            public Void softmax(Op.Softmax op) {
                return elementwise();
            }

            private Void elementwise() {
                require(x.elementCount() == y.elementCount() && x.rank() == y.rank(), "shape " + x.shapeString()
                        + " -> " + y.shapeString());
                require(x.dataType() == y.dataType(), "type " + x + " -> " + y);
                return null;
            }

            public Void reshape(Op.Reshape op) {
                require(x.elementCount() == y.elementCount() && x.dataType() == y.dataType(),
                        x + " cannot become " + y);
                return null;
            }

            public Void quantize(Op.Quantize op) {
                require(x.elementCount() == y.elementCount() && y.dataType().isQuantized8(), x + " -> " + y);
                return null;
            }

            public Void dequantize(Op.Dequantize op) {
                require(x.elementCount() == y.elementCount() && x.dataType().isQuantized8()
                        && y.dataType() == DataType.FLOAT32, x + " -> " + y);
                return null;
            }
        });
        if (y.dataType().isQuantized8()) {
            require(y.quantization() != null && y.quantization().isPerTensor(), "output needs per-tensor quantization");
        }
        QuantizationRules.checkNode(g, n, x, y);
    }

    /** A convolution's constant rank-4 filter (Conv2d and DepthwiseConv2d), checked before its dims are read. */
    private static TensorType filter(Graph g, Node n, TensorType x, TensorType y) {
        TensorType w = in(g, n, 1);
        require(x.rank() == 4 && w.rank() == 4 && y.rank() == 4, "needs rank-4 input, filter and output");
        require(g.tensor(n.input(1)).isConstant(), "filter must be constant");
        return w;
    }

    /** A convolution's window, bias and types (Conv2d and DepthwiseConv2d). */
    private static void window(Graph g, Node n, TensorType x, TensorType y, int sh, int sw, int dh, int dw,
                               Padding p, boolean quantized) {
        TensorType w = in(g, n, 1);
        require(sh >= 1 && sw >= 1 && dh >= 1 && dw >= 1 && sh <= 64 && sw <= 64 && dh <= 64 && dw <= 64,
                "strides and dilations must be in [1, 64]");
        windowOutput(x, y, w.dim(1), w.dim(2), sh, sw, dh, dw, p);
        bias(g, n, y.dim(3));
        sameKind(g, n, quantized);
    }

    private static void windowOutput(TensorType x, TensorType y, int kh, int kw, int sh, int sw, int dh, int dw,
                                     Padding p) {
        require(kh >= 1 && kw >= 1, "empty kernel");
        if (p == Padding.VALID) {
            require((long) (kh - 1) * dh + 1 <= x.dim(1) && (long) (kw - 1) * dw + 1 <= x.dim(2),
                    "kernel " + kh + "x" + kw + " larger than input " + x.shapeString());
        }
        require(y.dim(0) == x.dim(0) && y.dim(1) == p.outputSize(x.dim(1), kh, sh, dh)
                && y.dim(2) == p.outputSize(x.dim(2), kw, sw, dw), "output " + y.shapeString() + " does not follow from "
                + x.shapeString() + " with kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw + ", " + p);
    }

    private static void bias(Graph g, Node n, int channels) {
        int b = n.input(2);
        if (b >= 0) {
            TensorType t = g.tensor(b).type();
            require(g.tensor(b).isConstant() && t.elementCount() == channels, "bias " + t + " for " + channels
                    + " channels");
        }
    }

    private static void sameKind(Graph g, Node n, boolean quantized) {
        TensorType w = in(g, n, 1);
        TensorType y = g.tensor(n.output(0)).type();
        require(w.dataType().isQuantized8() == quantized && y.dataType().isQuantized8() == quantized,
                "input, filter and output must all be float or all quantized");
        int b = n.input(2);
        if (b >= 0) {
            DataType bt = g.tensor(b).type().dataType();
            require(quantized ? bt == DataType.INT32 : bt == DataType.FLOAT32, "bias type " + bt);
        }
    }
}
