package org.mobilenet4j.model;

/** A well-formed model that uses an op, option or type this engine does not run. */
public class UnsupportedModelException extends ModelException {
    public UnsupportedModelException(String message) {
        super(message);
    }

    public UnsupportedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
