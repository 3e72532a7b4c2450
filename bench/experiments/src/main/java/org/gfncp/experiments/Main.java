package org.gfncp.experiments;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -cp ... org.gfncp.experiments.Main <command> [options]}. */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = "Reproduces GFNCP's MoG tables (NCP vs GFNCP), the SDPP comparison and per-backend timing.",
        subcommands = {Table2Command.class, Table3Command.class, SdppCommand.class, TimingCommand.class,
            MergeTimingCommand.class})
public final class Main implements Runnable {

    /** Exit code of bad options or bad input (picocli's usage code). */
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new Main());
        line.setOut(out);
        line.setErr(err);
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            if (exception instanceof IllegalArgumentException) {
                err.println("experiments: error: " + exception.getMessage());
                err.flush();
                return USAGE;
            }
            err.println("experiments: failed: " + exception);
            exception.printStackTrace(err);
            err.flush();
            return 1;
        });
        int code = line.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
