package org.mobilenet4j.bench;

/** One inference engine under comparison, holding a prepared model and its input/output buffers. */
interface Engine extends AutoCloseable {
    String name();

    /** Copies the NHWC float input in (engines with another layout convert outside the timed call). */
    void setInput(float[] nhwc);

    /** One timed inference. */
    void run() throws Exception;

    float[] output();

    @Override
    void close();
}
