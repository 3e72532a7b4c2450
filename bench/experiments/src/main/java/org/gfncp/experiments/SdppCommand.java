package org.gfncp.experiments;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gfncp.experiments.data.Profile;
import org.gfncp.experiments.data.TestSetSpec;
import org.gfncp.experiments.sdpp.SdppExperiment;
import org.gfncp.experiments.table.TableKind;
import org.gfncp.experiments.train.Training;
import org.gfncp.spi.backend.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The SDPP comparison of the trained models. */
@Command(name = "sdpp", mixinStandardHelpOptions = true,
        description = "SDPP (GFNCP eq. 32) per test set for each algorithm: table, histogram and ECDF.")
final class SdppCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--sdpp-sets", defaultValue = "100", description = "Test sets (default: ${DEFAULT-VALUE}).")
    int sets;

    @Option(names = "--sdpp-n", defaultValue = "20", description = "Points per set (default: ${DEFAULT-VALUE}, as the code).")
    int n;

    @Option(names = "--sdpp-profile", defaultValue = "C",
            description = "Partition law of the sets: C (alpha 0.7, 2<=K<=10, the code) or P (alpha 6, any K, the "
                    + "paper's MoG data); default ${DEFAULT-VALUE}.")
    Profile profile;

    @Option(names = "--samples", defaultValue = "100",
            description = "Policy samples; the most probable is permuted (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--permutations", defaultValue = "500", description = "Random orders per set (default: ${DEFAULT-VALUE}).")
    int permutations;

    @Option(names = "--clusterings", defaultValue = "sampled",
            description = "sampled (most probable policy sample, the code) or truth (ground truth, the paper); default ${DEFAULT-VALUE}.")
    SdppExperiment.Clusterings clusterings;

    @Option(names = "--models", defaultValue = "table3",
            description = "Which trained models: table3 (arbitrary K) or table2 (K = 6); default ${DEFAULT-VALUE}.")
    String models;

    @Override
    public Integer call() throws Exception {
        TableKind kind = switch (models.toLowerCase(Locale.ROOT)) {
            case "table2" -> TableKind.TABLE2;
            case "table3" -> TableKind.TABLE3;
            default -> throw new IllegalArgumentException("--models is table2 or table3, got " + models);
        };
        TestSetSpec setSpec = new TestSetSpec(profile, n, sets, kind.fixedClusters(), common.testSeed);
        Path out = common.outDir("sdpp");
        try (Backend backend = common.openBackend()) {
            Training training = common.training(backend);
            SdppExperiment experiment = new SdppExperiment(training, Environment.backend(backend),
                    Environment.device(backend) + ", " + common.threads + " thread(s)", common.progress());
            SdppExperiment.Result result = experiment.run(new SdppExperiment.Settings(
                    common.plans(kind.fixedClusters() > 0 ? kind.fixedClusters() : null), common.seedList(), setSpec,
                    samples, permutations, clusterings, common.testSetDir, common.checkpointDir, common.choice, out));
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s, %s, %s and %s%n", result.markdown(),
                    result.json(), result.histogram(), result.ecdf());
        }
        return 0;
    }
}
