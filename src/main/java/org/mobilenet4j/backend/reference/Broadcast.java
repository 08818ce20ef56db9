package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.TensorType;

/** NumPy broadcasting of two tensors: for each output element, the flat index into each input. */
final class Broadcast {
    private Broadcast() {
    }

    /** Index maps {a, b}, each of length |out|. Throws if the shapes do not broadcast to {@code out}. */
    static int[][] indexMaps(TensorType a, TensorType b, TensorType out) {
        int rank = out.rank();
        int[] outShape = out.shape();
        int[] sa = strides(a, rank, outShape);
        int[] sb = strides(b, rank, outShape);
        int n = (int) out.elementCount();
        int[] ia = new int[n];
        int[] ib = new int[n];
        int[] counter = new int[rank];
        for (int i = 0; i < n; i++) {
            int pa = 0;
            int pb = 0;
            for (int d = 0; d < rank; d++) {
                pa += counter[d] * sa[d];
                pb += counter[d] * sb[d];
            }
            ia[i] = pa;
            ib[i] = pb;
            for (int d = rank - 1; d >= 0; d--) {
                if (++counter[d] < outShape[d]) {
                    break;
                }
                counter[d] = 0;
            }
        }
        return new int[][] {ia, ib};
    }

    private static int[] strides(TensorType t, int rank, int[] outShape) {
        int[] shape = t.shape();
        if (shape.length > rank) {
            throw new IllegalArgumentException("cannot broadcast " + t.shapeString() + " to rank " + rank);
        }
        int[] strides = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            int sd = d - (rank - shape.length);
            int dim = sd >= 0 ? shape[sd] : 1;
            if (dim != 1 && dim != outShape[d]) {
                throw new IllegalArgumentException("cannot broadcast " + t.shapeString() + " to output dimension "
                        + outShape[d]);
            }
            strides[d] = dim == 1 ? 0 : stride;
            stride *= dim;
        }
        return strides;
    }
}
