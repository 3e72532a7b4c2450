package org.gfncp.spi.backend;

/** A backend was asked for that cannot be used: unknown name, missing native library, unsupported platform. */
public class BackendUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
