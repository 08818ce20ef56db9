package org.mobilenet4j.backend;

/**
 * A backend whose native libraries do not load on this platform was asked to compile. It says nothing about
 * the model: {@link Backends#best()} never picks such a backend.
 */
public class BackendUnavailableException extends IllegalStateException {
    public BackendUnavailableException(String message) {
        super(message);
    }
}
