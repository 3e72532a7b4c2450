package org.gfncp.core.io;

import java.io.IOException;

/** A checkpoint file is corrupt, truncated, of another format or version, or inconsistent with its header. */
public final class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
