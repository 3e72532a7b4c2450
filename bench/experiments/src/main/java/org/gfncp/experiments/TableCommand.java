package org.gfncp.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gfncp.experiments.data.Profile;
import org.gfncp.experiments.data.TestSetSpec;
import org.gfncp.experiments.eval.DecodingMode;
import org.gfncp.experiments.eval.ScoreStore;
import org.gfncp.experiments.table.TableExperiment;
import org.gfncp.experiments.table.TableKind;
import org.gfncp.experiments.train.Training;
import org.gfncp.spi.backend.Backend;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Shared body of {@code table2} and {@code table3}. */
abstract class TableCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--profiles", split = ",", defaultValue = "P,C",
            description = "Evaluation profiles (spec 6): P = paper (N 300, M 3000), C = released code (N 100, M 2976); "
                    + "default ${DEFAULT-VALUE}.")
    List<Profile> profiles;

    @Option(names = "--test-n", split = ",",
            description = "Test set size per profile, in --profiles order (default: 300,100 = the profiles' own).")
    List<Integer> testN;

    @Option(names = "--test-sets", description = "Test sets M per benchmark (default: the profile's, 3000 / 2976).")
    Integer testSets;

    @Option(names = "--decoding", defaultValue = "greedy", converter = DecodingConverter.class,
            description = "How the test sets are decoded: greedy (the paper's metric), beam:W, a beam search with W "
                    + "beams (spec 2.4; the released code uses beam:5), or average:S, the paper's average score over "
                    + "the distinct clusterings among S samples per set (its Table 5 uses 100); default ${DEFAULT-VALUE}.")
    DecodingMode decoding;

    /** Reads {@code --decoding}; picocli reports its message as a usage error. */
    static final class DecodingConverter implements ITypeConverter<DecodingMode> {
        @Override
        public DecodingMode convert(String value) {
            try {
                return DecodingMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(names = "--rescore", description = "Evaluate every model afresh instead of reusing the evaluations "
            + "stored under <checkpoint-dir>/scores for the same weights, backend and test sets.")
    boolean rescore;

    abstract TableKind kind();

    @Override
    public Integer call() throws Exception {
        if (testN != null && testN.size() != profiles.size()) {
            throw new IllegalArgumentException("--test-n has " + testN.size() + " sizes but --profiles has "
                    + profiles.size() + " profiles " + profiles);
        }
        List<TestSetSpec> benchmarks = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            Profile profile = profiles.get(i);
            int n = testN == null ? profile.setSize() : testN.get(i);
            int m = testSets == null ? profile.sets() : testSets;
            benchmarks.add(new TestSetSpec(profile, n, m, kind().fixedClusters(), common.testSeed));
        }
        TableKind kind = kind();
        Path out = common.outDir(kind.id());
        try (Backend backend = common.openBackend()) {
            Training training = common.training(backend);
            ScoreStore store = rescore ? null
                    : new ScoreStore(common.checkpointDir.resolve("scores"), spec.commandLine().getOut()::println);
            TableExperiment experiment = new TableExperiment(training, Environment.backend(backend),
                    Environment.device(backend) + ", " + common.threads + " thread(s)", common.progress(), store);
            TableExperiment.Result result = experiment.run(new TableExperiment.Settings(kind,
                    common.plans(kind.fixedClusters() > 0 ? kind.fixedClusters() : null), common.seedList(),
                    benchmarks, common.testSetDir, common.checkpointDir, common.choice, out, decoding));
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s, %s and %d plot(s)%n", result.markdown(),
                    result.json(), result.plots().size());
        }
        return 0;
    }
}
