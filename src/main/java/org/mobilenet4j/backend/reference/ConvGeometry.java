package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.TensorType;

/** Sizes, strides and TensorFlow padding of a 2-D window op over NHWC tensors. */
record ConvGeometry(int batch, int inH, int inW, int inC, int outH, int outW, int outC, int kH, int kW,
                    int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft) {

    static ConvGeometry of(TensorType in, TensorType out, int kH, int kW, int strideH, int strideW,
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
