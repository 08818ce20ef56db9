package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.TensorType;

/** Sizes, strides and TensorFlow padding of a 2-D window op over NHWC tensors. */
public record ConvGeometry(int batch, int inH, int inW, int inC, int outH, int outW, int outC, int kH, int kW,
                    int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft) {

    public static ConvGeometry of(TensorType in, TensorType out, int kH, int kW, int strideH, int strideW,
                           int dilationH, int dilationW, Padding padding) {
        int inH = in.dim(1);
        int inW = in.dim(2);
        int outH = padding.outputSize(inH, kH, strideH, dilationH);
        int outW = padding.outputSize(inW, kW, strideW, dilationW);
        if (out.rank() != 4 || out.dim(1) != outH || out.dim(2) != outW || out.dim(0) != in.dim(0)) {
            throw new IllegalArgumentException("output shape " + out.shapeString() + " does not match input "
                    + in.shapeString() + " with kernel " + kH + "x" + kW + ", stride " + strideH + " and " + padding
                    + " padding (expected " + in.dim(0) + "x" + outH + "x" + outW + "xC)");
        }
        return new ConvGeometry(in.dim(0), inH, inW, in.dim(3), outH, outW, out.dim(3), kH, kW, strideH, strideW,
                dilationH, dilationW, padding.padBefore(inH, kH, strideH, dilationH),
                padding.padBefore(inW, kW, strideW, dilationW));
    }

    /** The geometry of a Conv2d node, its filter [O, KH, KW, I] checked against its input and output. */
    public static ConvGeometry ofConv2d(Graph g, Node node, Op.Conv2d op) {
        TensorType in = g.tensor(node.input(0)).type();
        TensorType filter = g.tensor(node.input(1)).type();
        TensorType out = g.tensor(node.output(0)).type();
        if (filter.rank() != 4 || filter.dim(3) != in.dim(3) || filter.dim(0) != out.dim(3)) {
            throw new IllegalArgumentException("filter " + filter.shapeString() + " does not fit input "
                    + in.shapeString() + " and output " + out.shapeString());
        }
        return of(in, out, filter.dim(1), filter.dim(2), op.strideH(), op.strideW(), op.dilationH(), op.dilationW(),
                op.padding());
    }

    /** The geometry of a DepthwiseConv2d node, its filter [1, KH, KW, C * multiplier] checked. */
    public static ConvGeometry ofDepthwise(Graph g, Node node, Op.DepthwiseConv2d op) {
        TensorType in = g.tensor(node.input(0)).type();
        TensorType filter = g.tensor(node.input(1)).type();
        TensorType out = g.tensor(node.output(0)).type();
        int m = op.depthMultiplier();
        if (filter.rank() != 4 || filter.dim(0) != 1 || filter.dim(3) != in.dim(3) * m || out.dim(3) != filter.dim(3)) {
            throw new IllegalArgumentException("depthwise filter " + filter.shapeString() + " (multiplier " + m
                    + ") does not fit input " + in.shapeString() + " and output " + out.shapeString());
        }
        return of(in, out, filter.dim(1), filter.dim(2), op.strideH(), op.strideW(), op.dilationH(), op.dilationW(),
                op.padding());
    }

    /** Receives, for one output pixel, its in-bounds taps: input pixel offsets and tap indices ky * kW + kx. */
    interface WindowVisitor {
        void visit(int outBase, int[] inBases, int[] taps, int count);
    }

    /** Visits every output pixel with the input pixels its window covers (padding skipped). */
    void forEachWindow(WindowVisitor visitor) {
        int[] inBases = new int[kH * kW];
        int[] taps = new int[kH * kW];
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    int count = 0;
                    for (int ky = 0; ky < kH; ky++) {
                        int iy = oy * strideH - padTop + ky * dilationH;
                        if (iy < 0 || iy >= inH) {
                            continue;
                        }
                        for (int kx = 0; kx < kW; kx++) {
                            int ix = ox * strideW - padLeft + kx * dilationW;
                            if (ix < 0 || ix >= inW) {
                                continue;
                            }
                            inBases[count] = ((b * inH + iy) * inW + ix) * inC;
                            taps[count] = ky * kW + kx;
                            count++;
                        }
                    }
                    visitor.visit(((b * outH + oy) * outW + ox) * outC, inBases, taps, count);
                }
            }
        }
    }
}
