package org.mobilenet4j.model;

/**
 * A model that cannot be used: corrupt, truncated, or asking for what the engine does not support. Every
 * importer and every backend's compile throws its two kinds, {@link InvalidModelException} and
 * {@link UnsupportedModelException}, never another exception for a problem of the model.
 */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
