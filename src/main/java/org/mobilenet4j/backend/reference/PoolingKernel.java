package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;

/**
 * Average pooling. Windows count only in-bounds elements (TensorFlow's SAME padding excludes the pad).
 * Quantized AveragePool2d requires equal input and output quantization, as TFLite does, and divides the
 * integer sum rounding half away from zero. GlobalAveragePool (TFLite MEAN over H, W) on quantized tensors
 * rescales as TFLite's optimized MEAN kernel does: y = fixed-point(sum(x) * x_scale / (n * y_scale)) + bias,
 * with bias = y_zp - round(x_zp * x_scale / y_scale) in float.
 */
final class PoolingKernel {
    private PoolingKernel() {
    }

    static Kernel prepare(Graph g, Node node, Op.AveragePool2d op) {
        TensorType in = g.tensor(node.input(0)).type();
        TensorType out = g.tensor(node.output(0)).type();
        ConvGeometry geo = ConvGeometry.of(in, out, op.filterH(), op.filterW(), op.strideH(), op.strideW(), 1, 1,
                op.padding());
        if (geo.inC() != geo.outC()) {
            throw new IllegalArgumentException("average pool changes channels: " + in + " to " + out);
        }
        int x = node.input(0);
        int y = node.output(0);
        boolean isFloat = in.dataType() == DataType.FLOAT32;
        if (!isFloat && !in.quantization().equals(out.quantization())) {
            throw new IllegalArgumentException("quantized average pool needs equal input and output quantization");
        }
        QuantRange range = isFloat ? null : QuantRange.of(op.activation(), out);
        float lo = op.activation().min();
        float hi = op.activation().max();
        int c = geo.inC();
        return v -> {
            float[] fin = v.floats[x];
            int[] qin = v.ints[x];
            float[] fout = isFloat ? (v.floats[y] = new float[(int) out.elementCount()]) : null;
            int[] qout = isFloat ? null : (v.ints[y] = new int[(int) out.elementCount()]);
            for (int b = 0; b < geo.batch(); b++) {
                for (int oy = 0; oy < geo.outH(); oy++) {
                    for (int ox = 0; ox < geo.outW(); ox++) {
                        int y0 = Math.max(0, oy * geo.strideH() - geo.padTop());
                        int y1 = Math.min(geo.inH(), oy * geo.strideH() - geo.padTop() + geo.kH());
                        int x0 = Math.max(0, ox * geo.strideW() - geo.padLeft());
                        int x1 = Math.min(geo.inW(), ox * geo.strideW() - geo.padLeft() + geo.kW());
                        int count = (y1 - y0) * (x1 - x0);
                        int outBase = ((b * geo.outH() + oy) * geo.outW() + ox) * c;
                        for (int ch = 0; ch < c; ch++) {
                            if (isFloat) {
                                float sum = 0;
                                for (int iy = y0; iy < y1; iy++) {
                                    for (int ix = x0; ix < x1; ix++) {
                                        sum += fin[((b * geo.inH() + iy) * geo.inW() + ix) * c + ch];
                                    }
                                }
                                fout[outBase + ch] = Math.min(Math.max(sum / count, lo), hi);
                            } else {
                                int sum = 0;
                                for (int iy = y0; iy < y1; iy++) {
                                    for (int ix = x0; ix < x1; ix++) {
                                        sum += qin[((b * geo.inH() + iy) * geo.inW() + ix) * c + ch];
                                    }
                                }
                                int avg = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                                qout[outBase + ch] = range.clamp(avg);
                            }
                        }
                    }
                }
            }
        };
    }

    static Kernel prepare(Graph g, Node node, Op.GlobalAveragePool op) {
        TensorType in = g.tensor(node.input(0)).type();
        TensorType out = g.tensor(node.output(0)).type();
        if (in.rank() != 4 || out.elementCount() != (long) in.dim(0) * in.dim(3)) {
            throw new IllegalArgumentException("global average pool from " + in.shapeString() + " to "
                    + out.shapeString());
        }
        int batch = in.dim(0);
        int pixels = in.dim(1) * in.dim(2);
        int c = in.dim(3);
        int x = node.input(0);
        int y = node.output(0);
        if (in.dataType() == DataType.FLOAT32) {
            return v -> {
                float[] src = v.floats[x];
                float[] o = v.floats[y] = new float[batch * c];
                for (int b = 0; b < batch; b++) {
                    for (int p = 0; p < pixels; p++) {
                        for (int ch = 0; ch < c; ch++) {
                            o[b * c + ch] += src[(b * pixels + p) * c + ch];
                        }
                    }
                    for (int ch = 0; ch < c; ch++) {
                        o[b * c + ch] /= pixels;
                    }
                }
            };
        }
        Quantization qi = in.quantization();
        Quantization qo = out.quantization();
        int qmin = out.dataType().qmin();
        int qmax = out.dataType().qmax();
        // TFLite's optimized MEAN (the kernel its builtin resolver registers on x86 and ARM): the raw sum times a
        // multiplier for x_scale / (n * y_scale) formed in float, plus a bias that folds both zero points,
        // computed in float and rounded half away from zero
        float temp = qi.zeroPoint() * qi.scale() / qo.scale();
        temp = temp > 0 ? temp + 0.5f : temp - 0.5f;
        int bias = qo.zeroPoint() - (int) temp;
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(qi.scale() / ((float) pixels * qo.scale()));
        return v -> {
            int[] src = v.ints[x];
            int[] o = v.ints[y] = new int[batch * c];
            for (int b = 0; b < batch; b++) {
                for (int ch = 0; ch < c; ch++) {
                    int sum = 0;
                    for (int p = 0; p < pixels; p++) {
                        sum += src[(b * pixels + p) * c + ch];
                    }
                    int q = m.apply(sum) + bias;
                    o[b * c + ch] = Math.min(Math.max(q, qmin), qmax);
                }
            }
        };
    }
}
