package org.gfncp.cli;

import picocli.CommandLine.Command;

/** The top-level {@code gfncp} command; it only groups the subcommands. */
@Command(name = "gfncp", mixinStandardHelpOptions = true, version = "gfncp 0.1.0",
        description = "Amortized probabilistic clustering (GFNCP, NCP) over pluggable tensor backends.",
        subcommands = {DemoCommand.class, TrainCommand.class, ClusterCommand.class, EvalCommand.class, PlotCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  unexpected failure", "  2  bad command line (unknown option, algorithm or backend)",
            "  3  bad input (malformed or non-finite points, corrupt checkpoint)"})
public final class GfncpCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose a subcommand: demo, train, cluster, eval or plot");
    }
}
