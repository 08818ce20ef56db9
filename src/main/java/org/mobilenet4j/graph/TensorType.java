package org.mobilenet4j.graph;

import java.util.Arrays;
import java.util.Objects;

/** Shape (NHWC for images), element type and, for quantized types, the quantization. Immutable. */
public final class TensorType {
    private final int[] shape;
    private final DataType dataType;
    private final Quantization quantization;

    public TensorType(int[] shape, DataType dataType, Quantization quantization) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (dataType.isQuantized8() && quantization == null) {
            throw new IllegalArgumentException(dataType + " tensor needs quantization parameters");
        }
        this.shape = shape.clone();
        this.dataType = Objects.requireNonNull(dataType);
        this.quantization = quantization;
    }

    public static TensorType float32(int... shape) {
        return new TensorType(shape, DataType.FLOAT32, null);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public long byteSize() {
        return elementCount() * dataType.byteSize();
    }

    public DataType dataType() {
        return dataType;
    }

    /** Quantization parameters, or null for float tensors. */
    public Quantization quantization() {
        return quantization;
    }

    public TensorType withShape(int... newShape) {
        return new TensorType(newShape, dataType, quantization);
    }

    public String shapeString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : "x").append(shape[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TensorType)) {
            return false;
        }
        TensorType t = (TensorType) o;
        return Arrays.equals(shape, t.shape) && dataType == t.dataType && Objects.equals(quantization, t.quantization);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + dataType.hashCode();
    }

    @Override
    public String toString() {
        return dataType.name().toLowerCase() + "[" + shapeString() + "]"
                + (quantization != null ? " (" + quantization + ")" : "");
    }
}
