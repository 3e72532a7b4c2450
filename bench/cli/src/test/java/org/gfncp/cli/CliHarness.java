package org.gfncp.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.gfncp.cli.model.Algorithms;
import org.gfncp.cli.model.BackendChoice;

/** Runs the tool in-process against fake algorithms ("fake", "other") and the class path's backends. */
final class CliHarness {

    /** One run's exit code and captured output. */
    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        return run(new Algorithms(List.of(FakeModels.factory("fake"), FakeModels.factory("other"))), args);
    }

    /** Runs against the real GFNCP and NCP models. */
    static Run runBuiltIn(String... args) {
        return run(Algorithms.builtIn(), args);
    }

    private static Run run(Algorithms algorithms, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(algorithms, BackendChoice.fromClasspath(), new PrintWriter(out, true),
                new PrintWriter(err, true), null);
        int code = Main.run(context, args);
        return new Run(code, out.toString(), err.toString());
    }

    private CliHarness() {
    }
}
