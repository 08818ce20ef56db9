package org.mobilenet4j.backend.xnnpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The op codes, datatypes and parameter structs Java reads from native/mobilenet4j_ops.h: every code is
 * distinct and known to the native side by the name its errors use, and the structs come with the header's
 * defaults (no padding, stride and dilation 1, no activation).
 */
class NativeOpTest {

    @Test
    void opCodesAreDistinctAndNamedByTheNativeSide() {
        int[] codes = {NativeOp.CONV_2D, NativeOp.DEPTHWISE_CONV_2D, NativeOp.FULLY_CONNECTED,
            NativeOp.AVERAGE_POOL_2D, NativeOp.GLOBAL_AVERAGE_POOL, NativeOp.ADD, NativeOp.MUL, NativeOp.CLAMP,
            NativeOp.HARD_SWISH, NativeOp.HARD_SIGMOID, NativeOp.SIGMOID, NativeOp.RESHAPE, NativeOp.SOFTMAX,
            NativeOp.CONVERT};
        String[] names = {"Conv2d", "DepthwiseConv2d", "FullyConnected", "AveragePool2d", "GlobalAveragePool", "Add",
            "Mul", "Clamp", "HardSwish", "HardSigmoid", "Sigmoid", "Reshape", "Softmax", "Convert"};
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < codes.length; i++) {
            assertEquals(names[i], XnnpackNative.opName(codes[i]));
            assertEquals(true, seen.add(codes[i]), "duplicate code " + codes[i]);
        }
        assertEquals("unknown op", XnnpackNative.opName(-1));
    }

    @Test
    void datatypesAreDistinct() {
        Set<Integer> seen = Set.of(NativeOp.FP32, NativeOp.QUINT8, NativeOp.QINT8, NativeOp.QINT32, NativeOp.QCINT8,
                NativeOp.QCINT32);
        assertEquals(6, seen.size());
        assertNotEquals(NativeOp.EXTERNAL_INPUT, NativeOp.EXTERNAL_OUTPUT);
    }

    @Test
    void structsStartWithTheHeadersDefaultsAndKeepNamedFields() {
        try (XnnpackNative.NodeParams p = new XnnpackNative.NodeParams()) {
            assertEquals(0, p.paddingTop());
            assertEquals(1, p.strideWidth());
            assertEquals(1, p.dilationHeight());
            assertEquals(1, p.groups());
            assertEquals(Float.NEGATIVE_INFINITY, p.activationMin());
            assertEquals(Float.POSITIVE_INFINITY, p.activationMax());
            p.kernelHeight(3).strideWidth(2).paddingLeft(1).activationMax(6f);
            assertEquals(3, p.kernelHeight());
            assertEquals(2, p.strideWidth());
            assertEquals(1, p.paddingLeft());
            assertEquals(6f, p.activationMax());
            assertEquals(1, p.kernelWidth(), "setting one field leaves the others");
        }
        try (XnnpackNative.TensorParams t = new XnnpackNative.TensorParams()) {
            assertEquals(NativeOp.FP32, t.datatype());
            t.datatype(NativeOp.QUINT8).scale(0.5f).zeroPoint(128).flags(NativeOp.EXTERNAL_INPUT);
            assertEquals(NativeOp.QUINT8, t.datatype());
            assertEquals(0.5f, t.scale());
            assertEquals(128, t.zeroPoint());
            assertEquals(NativeOp.EXTERNAL_INPUT, t.flags());
        }
    }
}
