package org.mobilenet4j.graph;

/**
 * The operations of the graph IR. Tensors are NHWC; weights use TFLite's layouts so that importers and
 * backends agree without transposes:
 * <ul>
 *   <li>{@link Conv2d}: inputs (x, filter [O, KH, KW, I], bias [O] or absent)</li>
 *   <li>{@link DepthwiseConv2d}: inputs (x, filter [1, KH, KW, C * multiplier], bias or absent)</li>
 *   <li>{@link FullyConnected}: inputs (x [N, ..., I] flattened to [N, I], filter [O, I], bias or absent)</li>
 *   <li>{@link Add}, {@link Mul}: two inputs with NumPy broadcasting</li>
 * </ul>
 * Every op has a reference kernel (backend/reference) that defines its semantics for all backends.
 */
public sealed interface Op {

    /** Short name used in listings and error messages. */
    String kind();

    /** Calls the {@code visitor} method for this op (double dispatch). */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per op: the exhaustive dispatch every op-handling component uses (reference kernels,
     * OpenBLAS kernels, the XNNPACK graph writer, the MACs/params counter {@link GraphStats}, the checks of
     * {@link GraphValidator} and {@code QuantizationRules}, the TFLite writer).
     *
     * <p>How adding an op fails the build where it is not handled: {@code Op} is sealed and each record must
     * implement the abstract {@link Op#accept}, which calls its own new method here; every implementation of
     * this interface then stops compiling ("is not abstract and does not override abstract method") until it
     * handles the new op. Implementations have no default and no fallback branch on purpose: an op a
     * component does not support says so in its own method (an exception or an explicit null). The per-op
     * test suite (src/test/java/org/mobilenet4j/backend/ops, OpCoverageTest) then fails until it has cases for
     * the new op.
     */
    interface Visitor<R> {
        R conv2d(Conv2d op);

        R depthwiseConv2d(DepthwiseConv2d op);

        R fullyConnected(FullyConnected op);

        R averagePool2d(AveragePool2d op);

        R globalAveragePool(GlobalAveragePool op);

        R add(Add op);

        R mul(Mul op);

        R clamp(Clamp op);

        R hardSwish(HardSwish op);

        R hardSigmoid(HardSigmoid op);

        R sigmoid(Sigmoid op);

        R reshape(Reshape op);

        R softmax(Softmax op);

        R quantize(Quantize op);

        R dequantize(Dequantize op);
    }

    record Conv2d(int strideH, int strideW, Padding padding, int dilationH, int dilationW, Activation activation)
            implements Op {
        public String kind() {
            return "Conv2d";
        }

        public <R> R accept(Visitor<R> v) {
            return v.conv2d(this);
        }
    }

    record DepthwiseConv2d(int strideH, int strideW, Padding padding, int dilationH, int dilationW,
                           int depthMultiplier, Activation activation) implements Op {
        public String kind() {
            return "DepthwiseConv2d";
        }

        public <R> R accept(Visitor<R> v) {
            return v.depthwiseConv2d(this);
        }
    }

    record FullyConnected(Activation activation) implements Op {
        public String kind() {
            return "FullyConnected";
        }

        public <R> R accept(Visitor<R> v) {
            return v.fullyConnected(this);
        }
    }

    record AveragePool2d(int filterH, int filterW, int strideH, int strideW, Padding padding, Activation activation)
            implements Op {
        public String kind() {
            return "AveragePool2d";
        }

        public <R> R accept(Visitor<R> v) {
            return v.averagePool2d(this);
        }
    }

    /** Mean over H and W of an NHWC tensor (TFLite MEAN with axes [1, 2]); output [N,1,1,C] or [N,C]. */
    record GlobalAveragePool() implements Op {
        public String kind() {
            return "GlobalAveragePool";
        }

        public <R> R accept(Visitor<R> v) {
            return v.globalAveragePool(this);
        }
    }

    record Add(Activation activation) implements Op {
        public String kind() {
            return "Add";
        }

        public <R> R accept(Visitor<R> v) {
            return v.add(this);
        }
    }

    record Mul(Activation activation) implements Op {
        public String kind() {
            return "Mul";
        }

        public <R> R accept(Visitor<R> v) {
            return v.mul(this);
        }
    }

    /** min(max(x, min), max): ReLU is (0, +inf), ReLU6 is (0, 6). */
    record Clamp(float min, float max) implements Op {
        public String kind() {
            return "Clamp";
        }

        public <R> R accept(Visitor<R> v) {
            return v.clamp(this);
        }
    }

    /** x * relu6(x + 3) / 6. */
    record HardSwish() implements Op {
        public String kind() {
            return "HardSwish";
        }

        public <R> R accept(Visitor<R> v) {
            return v.hardSwish(this);
        }
    }

    /** relu6(x + 3) / 6. */
    record HardSigmoid() implements Op {
        public String kind() {
            return "HardSigmoid";
        }

        public <R> R accept(Visitor<R> v) {
            return v.hardSigmoid(this);
        }
    }

    /** 1 / (1 + exp(-x)). */
    record Sigmoid() implements Op {
        public String kind() {
            return "Sigmoid";
        }

        public <R> R accept(Visitor<R> v) {
            return v.sigmoid(this);
        }
    }

    /** Same elements, new shape (the output tensor's). Also covers SQUEEZE. */
    record Reshape() implements Op {
        public String kind() {
            return "Reshape";
        }

        public <R> R accept(Visitor<R> v) {
            return v.reshape(this);
        }
    }

    /** exp(beta * x_i) / sum_j exp(beta * x_j) along the last axis. */
    record Softmax(float beta) implements Op {
        public String kind() {
            return "Softmax";
        }

        public <R> R accept(Visitor<R> v) {
            return v.softmax(this);
        }
    }

    /** float → quantized, or quantized → quantized with new parameters (requantize). */
    record Quantize() implements Op {
        public String kind() {
            return "Quantize";
        }

        public <R> R accept(Visitor<R> v) {
            return v.quantize(this);
        }
    }

    /** quantized → float. */
    record Dequantize() implements Op {
        public String kind() {
            return "Dequantize";
        }

        public <R> R accept(Visitor<R> v) {
            return v.dequantize(this);
        }
    }
}
