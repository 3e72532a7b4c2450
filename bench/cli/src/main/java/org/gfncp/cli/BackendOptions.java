package org.gfncp.cli;

import org.gfncp.cli.error.UserException;
import picocli.CommandLine.Option;

/** Backend flags shared by every command that runs a model. */
public final class BackendOptions {

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend: reference (always present), djl, dl4j or tensorflow (with the Maven profile of that name). "
                    + "Default: -Dgfncp.backend, GFNCP_BACKEND, else the highest-priority available backend.")
    String backend;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Intra-op threads for the backend (default ${DEFAULT-VALUE}; also set OMP_NUM_THREADS).")
    int threads;

    public String backend() {
        return backend;
    }

    public int threads() {
        if (threads < 1) {
            throw UserException.usage("--threads must be at least 1, got " + threads);
        }
        return threads;
    }
}
