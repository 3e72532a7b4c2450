package org.gfncp.experiments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gfncp.experiments.model.BuiltInModels;
import org.gfncp.experiments.model.TrainingPlan;
import org.gfncp.experiments.timing.TimingResult;
import org.gfncp.experiments.timing.TimingRun;
import org.gfncp.spi.backend.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Times one backend in this JVM. */
@Command(name = "timing", mixinStandardHelpOptions = true,
        description = "Training iterations/s (batch 32, N 50..99) and greedy clustering time per set for growing N.")
final class TimingCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--jvm-warmup", defaultValue = "30", description = "Training iterations of a throwaway model "
            + "before the first timed one, so that the JVM's warm-up is not charged to the fresh weights "
            + "(default: ${DEFAULT-VALUE}).")
    int jvmWarmup;

    @Option(names = "--warmup", defaultValue = "3",
            description = "Unmeasured training iterations of each timed model (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--measured", defaultValue = "10", description = "Measured training iterations (default: ${DEFAULT-VALUE}).")
    int measured;

    @Option(names = "--sizes", split = ",", defaultValue = "100,300,1000,10000",
            description = "Set sizes N for clustering time (default: ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed sets per N (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--clusters", defaultValue = "6", description = "K of the clustering sets (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--budget-seconds", defaultValue = "300",
            description = "Skip an N (and larger ones) once a set took longer, or is predicted to (default: ${DEFAULT-VALUE}).")
    double budget;

    @Override
    public Integer call() throws Exception {
        Map<String, TrainingPlan> plans = new LinkedHashMap<>();
        for (Map.Entry<String, TrainingPlan> entry : common.plans(null).entrySet()) {
            // the timing settings for both algorithms: the GFNCP code's batch 32 and N 50..99
            TrainingPlan plan = entry.getValue().withBatch(common.batch == null ? 32 : common.batch);
            plans.put(entry.getKey(), common.trainN == null ? plan.withSetSizes(50, 100) : plan);
        }
        Path out = common.outDir("timing");
        try (Backend backend = common.openBackend()) {
            TimingRun run = new TimingRun(new BuiltInModels(), backend,
                    Environment.device(backend), common.threads, common.progress());
            TimingResult result = run.run(new TimingRun.Settings(plans, jvmWarmup, warmup, measured, sizes, repeats,
                    clusters, budget, common.checkpointDir, common.seedBase, out));
            for (TimingResult.Training t : result.training()) {
                spec.commandLine().getOut().printf(Locale.ROOT, "%s %s from %s: %.3f s/iteration (%.3f it/s)%n",
                        result.backend(), t.algorithm(), t.weights(), t.medianSeconds(), t.iterationsPerSecond());
            }
            for (TimingResult.Clustering c : result.clustering()) {
                StringBuilder line = new StringBuilder(result.backend() + " " + c.algorithm() + " clustering:");
                c.sizes().forEach(s -> line.append(String.format(Locale.ROOT, " N=%d %.4f s (K %.1f);", s.n(),
                        s.medianSeconds(), s.meanClustersFound())));
                line.append(String.format(Locale.ROOT, " slope %.2f", c.slope()));
                spec.commandLine().getOut().println(line);
            }
            spec.commandLine().getOut().println("wrote " + out.resolve("timing.md"));
        }
        return 0;
    }
}
