package org.mobilenet4j.backend.openblas;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;

/** The filters GEMM reads, copied once into native memory; freed together by {@link #close()}. */
final class NativeWeights implements AutoCloseable {
    private final List<FloatPointer> all = new ArrayList<>();

    FloatPointer put(float[] values) {
        FloatPointer p = new FloatPointer(values.length);
        p.put(values);
        all.add(p);
        return p;
    }

    @Override
    public void close() {
        for (FloatPointer p : all) {
            p.close();
        }
        all.clear();
    }
}
