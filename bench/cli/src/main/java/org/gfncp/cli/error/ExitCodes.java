package org.gfncp.cli.error;

/** Process exit codes of the {@code gfncp} tool. */
public final class ExitCodes {

    public static final int OK = 0;
    /** An unexpected failure (a bug or an engine error); the stack trace is printed. */
    public static final int FAILURE = 1;
    /** Bad command line: unknown option, algorithm or backend name, invalid option value. */
    public static final int USAGE = 2;
    /** Bad input data: unreadable, malformed or non-finite points, corrupt checkpoint or log. */
    public static final int INPUT = 3;

    private ExitCodes() {
    }
}
