package org.mobilenet4j.backend.reference;

/** One prepared node of the reference executor: reads and writes tensors in a {@link Values}. */
public interface Kernel {
    void run(Values values);
}
