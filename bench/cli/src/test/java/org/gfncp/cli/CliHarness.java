package org.gfncp.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.util.List;
import org.gfncp.cli.model.Algorithms;
import org.gfncp.cli.model.BackendChoice;

/** Runs the tool in-process against fake algorithms ("fake", "other") and the class path's backends. */
final class CliHarness {

    /** One run's exit code and captured output; {@code progress} is what progress bars drew (empty without). */
    record Run(int exitCode, String out, String err, String progress) {
    }

    static Run run(String... args) {
        return run(new Algorithms(List.of(FakeModels.factory("fake"), FakeModels.factory("other"))), args);
    }

    /** Runs against the real GFNCP and NCP models. */
    static Run runBuiltIn(String... args) {
        return run(Algorithms.builtIn(), args);
    }

    /** Runs against the fake algorithms with a stream for progress bars, as on a terminal. */
    static Run runWithProgress(String... args) {
        return run(new Algorithms(List.of(FakeModels.factory("fake"), FakeModels.factory("other"))), true, args);
    }

    private static Run run(Algorithms algorithms, String... args) {
        return run(algorithms, false, args);
    }

    private static Run run(Algorithms algorithms, boolean progress, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bars = new ByteArrayOutputStream();
        CliContext context = new CliContext(algorithms, BackendChoice.fromClasspath(), new PrintWriter(out, true),
                new PrintWriter(err, true), progress ? new PrintStream(bars, true, StandardCharsets.UTF_8) : null);
        int code = Main.run(context, args);
        return new Run(code, out.toString(), err.toString(), bars.toString(StandardCharsets.UTF_8));
    }

    private CliHarness() {
    }
}
