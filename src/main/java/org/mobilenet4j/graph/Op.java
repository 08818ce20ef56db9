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

    record Conv2d(int strideH, int strideW, Padding padding, int dilationH, int dilationW, Activation activation)
            implements Op {
        public String kind() {
            return "Conv2d";
        }
    }

    record DepthwiseConv2d(int strideH, int strideW, Padding padding, int dilationH, int dilationW,
                           int depthMultiplier, Activation activation) implements Op {
        public String kind() {
            return "DepthwiseConv2d";
        }
    }

    record FullyConnected(Activation activation) implements Op {
        public String kind() {
            return "FullyConnected";
        }
    }

    record AveragePool2d(int filterH, int filterW, int strideH, int strideW, Padding padding, Activation activation)
            implements Op {
        public String kind() {
            return "AveragePool2d";
        }
    }

    /** Mean over H and W of an NHWC tensor (TFLite MEAN with axes [1, 2]); output [N,1,1,C] or [N,C]. */
    record GlobalAveragePool() implements Op {
        public String kind() {
            return "GlobalAveragePool";
        }
    }

    record Add(Activation activation) implements Op {
        public String kind() {
            return "Add";
        }
    }

    record Mul(Activation activation) implements Op {
        public String kind() {
            return "Mul";
        }
    }

    /** min(max(x, min), max): ReLU is (0, +inf), ReLU6 is (0, 6). */
    record Clamp(float min, float max) implements Op {
        public String kind() {
            return "Clamp";
        }
    }

    /** x * relu6(x + 3) / 6. */
    record HardSwish() implements Op {
        public String kind() {
            return "HardSwish";
        }
    }

    /** relu6(x + 3) / 6. */
    record HardSigmoid() implements Op {
        public String kind() {
            return "HardSigmoid";
        }
    }

    /** 1 / (1 + exp(-x)). */
    record Sigmoid() implements Op {
        public String kind() {
            return "Sigmoid";
        }
    }

    /** Same elements, new shape (the output tensor's). Also covers SQUEEZE. */
    record Reshape() implements Op {
        public String kind() {
            return "Reshape";
        }
    }

    /** exp(beta * x_i) / sum_j exp(beta * x_j) along the last axis. */
    record Softmax(float beta) implements Op {
        public String kind() {
            return "Softmax";
        }
    }

    /** float → quantized, or quantized → quantized with new parameters (requantize). */
    record Quantize() implements Op {
        public String kind() {
            return "Quantize";
        }
    }

    /** quantized → float. */
    record Dequantize() implements Op {
        public String kind() {
            return "Dequantize";
        }
    }
}
