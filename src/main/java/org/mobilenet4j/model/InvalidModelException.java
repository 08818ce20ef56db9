package org.mobilenet4j.model;

/** The model is not well formed: wrong identifier, truncated, or a graph whose ops and tensors do not fit together. */
public class InvalidModelException extends ModelException {
    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
