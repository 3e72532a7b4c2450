package org.gfncp.cli;

import java.util.ServiceConfigurationError;
import org.gfncp.cli.error.ExitCodes;
import org.gfncp.cli.error.UserException;
import org.gfncp.core.io.CheckpointException;
import picocli.CommandLine;

/** Entry point of the {@code gfncp} tool. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CliContext context;
        try {
            context = CliContext.standard();
        } catch (ServiceConfigurationError | LinkageError e) {
            // A broken backend jar on the class path fails discovery before any command can report it.
            System.err.println("gfncp: failed to discover backends: " + e);
            System.exit(ExitCodes.FAILURE);
            return;
        }
        System.exit(run(context, args));
    }

    /** Runs one command line and returns its exit code (see {@link ExitCodes}). */
    public static int run(CliContext context, String... args) {
        CommandLine commandLine = new CommandLine(new GfncpCommand(), new ContextFactory(context));
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            int code = exitCode(exception);
            if (code == ExitCodes.FAILURE) {
                context.err().println("gfncp: failed: " + exception);
                exception.printStackTrace(context.err());
            } else {
                context.err().println("gfncp: error: " + exception.getMessage());
            }
            context.err().flush();
            return code;
        });
        int code = commandLine.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    static int exitCode(Throwable exception) {
        if (exception instanceof UserException user) {
            return user.exitCode();
        }
        if (exception instanceof CheckpointException || exception instanceof IllegalArgumentException) {
            // Bad points or a corrupt checkpoint: the messages already name the problem.
            return ExitCodes.INPUT;
        }
        return ExitCodes.FAILURE;
    }

    /** Gives every command that wants it the {@link CliContext}. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(CliContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
