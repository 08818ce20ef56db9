package org.mobilenet4j.tflite;

/** The file is not a well-formed TFLite model (wrong identifier, truncated, inconsistent). */
public class InvalidModelException extends ModelException {
    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
