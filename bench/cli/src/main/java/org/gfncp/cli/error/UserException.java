package org.gfncp.cli.error;

/** A problem the user can fix (bad arguments or input files); printed without a stack trace. */
public final class UserException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static UserException usage(String message) {
        return new UserException(ExitCodes.USAGE, message, null);
    }

    public static UserException input(String message) {
        return new UserException(ExitCodes.INPUT, message, null);
    }

    public static UserException input(String message, Throwable cause) {
        return new UserException(ExitCodes.INPUT, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
