package org.mobilenet4j.backend.reference;

/** One prepared node of the reference executor: reads and writes tensors in a {@link Values}. */
interface Kernel {
    void run(Values values);
}
