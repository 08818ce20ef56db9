package org.mobilenet4j.arch;

import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.TensorType;

/**
 * Turns a {@link LayerTable} and a {@link MobileNetSpec} into a float32 {@link Graph} with
 * deterministic random weights. Batch norm is taken as folded into each convolution's bias, as in every
 * exported inference graph. All convolutions use SAME padding (TF-slim).
 */
public final class MobileNetGraphBuilder {
    private final MobileNetSpec spec;
    private final LayerTable table;
    private final WeightInit init;
    private final GraphBuilder g;
    private int x;

    private MobileNetGraphBuilder(MobileNetSpec spec, long seed) {
        this.spec = spec;
        this.table = spec.architecture().table();
        this.init = new WeightInit(seed);
        this.g = new GraphBuilder(spec.displayName());
    }

    /** Builds the graph for {@code spec} with weights drawn from {@code seed}. Input [1, rho, rho, 3]. */
    public static Graph build(MobileNetSpec spec, long seed) {
        return new MobileNetGraphBuilder(spec, seed).build();
    }

    public static Graph build(MobileNetSpec spec) {
        return build(spec, 42);
    }

    private Graph build() {
        x = g.input("input", TensorType.float32(1, spec.resolution(), spec.resolution(), 3));
        int blockIndex = 0;
        boolean pooled = false;
        for (LayerRow row : table.rows()) {
            int out = row.out() < 0 ? spec.classes() : table.channels(row, spec.alpha());
            for (int r = 0; r < row.repeat(); r++) {
                int stride = r == 0 ? row.stride() : 1;
                String name = row.block() + "_" + blockIndex++;
                switch (row.block()) {
                    case "conv":
                        x = conv(name, x, out, row.kernel(), stride, row.activation(), !pooled);
                        break;
                    case "dwsep":
                        x = depthwise(name + "/depthwise", x, row.kernel(), stride, row.activation());
                        x = conv(name + "/pointwise", x, out, 1, 1, row.activation(), true);
                        break;
                    case "bneck":
                        x = bottleneck(name, x, row, out, stride);
                        break;
                    case "avgpool":
                        x = g.globalAveragePool(name, x);
                        pooled = true;
                        break;
                    case "fc":
                        x = fullyConnected(name, x, out);
                        break;
                    case "softmax":
                        x = g.softmax(name, x);
                        break;
                    default:
                        throw new IllegalArgumentException("layer table line " + row.line() + ": unknown block '"
                                + row.block() + "'");
                }
            }
        }
        g.output(x);
        return g.build();
    }

    private int channelsOf(int tensor) {
        return g.type(tensor).dim(-1);
    }

    /**
     * A convolution followed by the row's activation. Its bias is a folded batch norm, except after the
     * global pool (v3's "NBN" head conv and the squeeze-excite convs), where convs have a true bias.
     */
    private int conv(String name, int in, int out, int kernel, int stride, String act, boolean batchNorm) {
        int c = channelsOf(in);
        int filter = g.constant(name + "/weights", init.weights(out * kernel * kernel * c, kernel * kernel * c),
                out, kernel, kernel, c);
        int bias = batchNorm ? g.batchNormBias(name + "/batchnorm", init.biases(out))
                : g.constant(name + "/bias", init.biases(out), out);
        int y = g.conv2d(name, in, filter, bias, stride, Padding.SAME, fused(act));
        return unfused(name, y, act);
    }

    private int depthwise(String name, int in, int kernel, int stride, String act) {
        int c = channelsOf(in);
        int filter = g.constant(name + "/weights", init.weights(kernel * kernel * c, kernel * kernel), 1, kernel,
                kernel, c);
        int bias = g.batchNormBias(name + "/batchnorm", init.biases(c));
        int y = g.depthwiseConv2d(name, in, filter, bias, stride, Padding.SAME, fused(act));
        return unfused(name, y, act);
    }

    /** Inverted residual: expand (if wider), depthwise, optional squeeze-excite, linear projection. */
    private int bottleneck(String name, int in, LayerRow row, int out, int stride) {
        int c = channelsOf(in);
        int inner = table.expanded(c, row.expand());
        int y = in;
        if (inner > c) {
            y = conv(name + "/expand", y, inner, 1, 1, row.activation(), true);
        }
        y = depthwise(name + "/depthwise", y, row.kernel(), stride, row.activation());
        if (row.squeezeExcite()) {
            y = squeezeExcite(name + "/se", y);
        }
        y = conv(name + "/project", y, out, 1, 1, "none", true);
        if (stride == 1 && c == out) {
            y = g.add(name + "/add", y, in);
        }
        return y;
    }

    /** Global pool, 1x1 conv to expanded/4 (ReLU), 1x1 conv back (hard-sigmoid), channel-wise multiply. */
    private int squeezeExcite(String name, int in) {
        int c = channelsOf(in);
        int squeeze = table.expanded(c, 0.25);
        int s = g.globalAveragePool(name + "/pool", in);
        s = conv(name + "/squeeze", s, squeeze, 1, 1, "relu", false);
        s = conv(name + "/excite", s, c, 1, 1, "hsigmoid", false);
        return g.mul(name + "/scale", in, s);
    }

    private int fullyConnected(String name, int in, int out) {
        int c = channelsOf(in);
        int flat = g.reshape(name + "/flatten", in, g.type(in).dim(0), c);
        int filter = g.constant(name + "/weights", init.weights(out * c, c), out, c);
        int bias = g.constant(name + "/bias", init.biases(out), out);
        return g.fullyConnected(name, flat, filter, bias, Activation.NONE);
    }

    private static Activation fused(String act) {
        switch (act) {
            case "relu": return Activation.RELU;
            case "relu6": return Activation.RELU6;
            default: return Activation.NONE;
        }
    }

    private int unfused(String name, int y, String act) {
        switch (act) {
            case "relu":
            case "relu6":
            case "none":
                return y;
            case "hswish":
                return g.unary(name + "/hswish", new Op.HardSwish(), y);
            case "hsigmoid":
                return g.unary(name + "/hsigmoid", new Op.HardSigmoid(), y);
            default:
                throw new IllegalArgumentException("unknown activation '" + act + "' in " + name);
        }
    }
}
