package org.mobilenet4j.vision;

/** An image file that cannot be decoded (unknown format, corrupt or truncated). */
public class InvalidImageException extends RuntimeException {
    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
