package org.mobilenet4j.tflite;

/** A model file that cannot be used: corrupt, truncated, or asking for what the engine does not support. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
