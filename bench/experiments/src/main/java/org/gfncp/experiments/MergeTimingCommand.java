package org.gfncp.experiments;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.gfncp.experiments.timing.TimingReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Merges per-backend timing results into one table (used by bench/run-experiments.sh). */
@Command(name = "merge-timing", mixinStandardHelpOptions = true,
        description = "Merges <dir>/<backend>/timing.json files into <dir>/timing.md with ratios between backends.")
final class MergeTimingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Directory holding one sub-directory per backend.")
    Path dir;

    @Parameters(index = "1..*", arity = "1..*", description = "Backends, in table order.")
    List<String> backends;

    @Override
    public Integer call() throws Exception {
        List<String> merged = TimingReport.merge(dir, backends);
        spec.commandLine().getOut().println("merged " + merged + " into " + dir.resolve("timing.md"));
        return 0;
    }
}
