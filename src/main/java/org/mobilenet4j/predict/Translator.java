package org.mobilenet4j.predict;

/**
 * A task's two halves around one run of a {@link Predictor}: pre-processing writes the input tensors,
 * post-processing turns the output tensors into the task's result. Both run on the calling thread; the
 * tensors they get are valid only during the call. A translator used from many threads must be thread-safe
 * (a stateless one is).
 *
 * @param <I> what the task takes (pixels, an image)
 * @param <O> what the task gives (classes, an embedding)
 */
public interface Translator<I, O> {

    /** Writes {@code input} into the input tensors (each buffer at position 0, in its byte order). */
    void processInput(I input, Tensors inputs);

    /** Reads the result out of the output tensors; must not keep the tensors or their buffers. */
    O processOutput(Tensors outputs);
}
