package org.gfncp.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.gfncp.cli.model.Algorithms;
import org.gfncp.cli.model.BackendChoice;

/**
 * What the commands run against: the algorithm registry, backend selection, and the output streams. Tests pass
 * their own (fake algorithms, captured output).
 *
 * @param progress where progress bars go, or null for none
 */
public record CliContext(Algorithms algorithms, BackendChoice backends, PrintWriter out, PrintWriter err,
        PrintStream progress) {

    /** The real registry and backends, standard output and error, progress bars on standard error. */
    public static CliContext standard() {
        return new CliContext(Algorithms.builtIn(), BackendChoice.fromClasspath(),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.err);
    }
}
