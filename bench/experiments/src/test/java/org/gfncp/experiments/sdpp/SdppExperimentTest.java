package org.gfncp.experiments.sdpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.experiments.data.Profile;
import org.gfncp.experiments.data.TestSetSpec;
import org.gfncp.experiments.model.FakeModel;
import org.gfncp.experiments.model.TrainingPlan;
import org.gfncp.experiments.progress.Progress;
import org.gfncp.experiments.train.Training;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdppExperimentTest {

    @TempDir
    Path dir;

    private SdppExperiment.Result run(SdppExperiment.Clusterings clusterings, Path out) throws IOException {
        Map<String, TrainingPlan> plans = new LinkedHashMap<>();
        plans.put("ncp", TrainingPlan.codeDefaults("ncp", 1, null).withBatch(2));
        plans.put("gfncp", TrainingPlan.codeDefaults("gfncp", 1, null).withBatch(2));
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            Training training = new Training(FakeModel.source(), backend, 1, Progress.silent());
            return new SdppExperiment(training, "reference", "CPU: test", Progress.silent())
                    .run(new SdppExperiment.Settings(plans, List.of(1L, 2L), new TestSetSpec(Profile.C, 20, 7, 0, 3),
                            5, 30, clusterings, dir.resolve("sets"), dir.resolve("ckpt"), Training.Choice.FINAL, out));
        }
    }

    @Test
    void sdppPerSetForEveryAlgorithmWithTableAndPlots() throws IOException {
        SdppExperiment.Result result = run(SdppExperiment.Clusterings.SAMPLED, dir.resolve("out"));
        assertThat(result.sdpp().keySet()).containsExactly("NCP", "GFNCP");
        for (double[] values : result.sdpp().values()) {
            // 7 sets x 2 seeds; the fake's probability depends on the first point, so SDPP > 0
            assertThat(values).hasSize(14);
            assertThat(java.util.Arrays.stream(values).allMatch(v -> v > 0 && Double.isFinite(v))).isTrue();
        }
        String md = Files.readString(result.markdown());
        assertThat(md).contains("| NCP | 14 |").contains("| GFNCP | 14 |").contains("backend: reference")
                .contains("most probable of 5 policy samples").contains("30 random point orders");
        // per seed: seeds 1 and 2 for both methods, GFNCP paired against NCP on the same 7 sets, then across seeds
        assertThat(md).contains("| NCP | 1 |").contains("| NCP | 2 |").contains("| GFNCP | 1 |").contains("| GFNCP | 2 |")
                .contains("below NCP on").containsPattern("\\| GFNCP \\| 1 \\|[^\\n]* of 7 \\|")
                .containsPattern("\\| GFNCP \\| [0-9.]+ ± [0-9.]+ \\|[^\\n]*of the sets \\|");
        assertThat(Files.size(result.histogram())).isGreaterThan(1000);
        assertThat(Files.size(result.ecdf())).isGreaterThan(1000);
        assertThat(Files.readString(result.json())).contains("sdppPerSeedPerSet");
        // deterministic: the same run gives the same values
        SdppExperiment.Result again = run(SdppExperiment.Clusterings.SAMPLED, dir.resolve("again"));
        assertThat(again.sdpp().get("GFNCP")).containsExactly(result.sdpp().get("GFNCP"));
        assertThat(md).contains("most probable");
        String truth = Files.readString(run(SdppExperiment.Clusterings.TRUTH, dir.resolve("truth")).markdown());
        assertThat(truth).contains("the ground truth");
    }

    @Test
    void perSeedStatisticsArePairedWithTheFirstMethodSeedBySeed() {
        Map<String, List<double[]>> perSeed = new LinkedHashMap<>();
        perSeed.put("ncp", List.of(new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 1}));
        perSeed.put("gfncp", List.of(new double[] {0.5, 3, 2, 4}, new double[] {2, 0, 0, 0}));
        String md = SdppExperiment.perSeedSection(List.of(124L, 125L), perSeed);
        // seed 124: lower on sets 0 and 2 (a tie is not lower); seed 125: lower on three of four
        assertThat(md).contains("| GFNCP | 124 | 2.375 | 2.500 | 3.700 | 2 of 4 |")
                .contains("| GFNCP | 125 | 0.500 | 0.000 | 1.400 | 3 of 4 |")
                .contains("| NCP | 124 | 2.500 | 2.500 | 3.700 |  |")
                // across seeds: means 2.375 and 0.5, fractions 0.5 and 0.75
                .contains("| GFNCP | 1.438 ± 0.938 |").contains("0.63 ± 0.13 of the sets");
        assertThatThrownBy(() -> SdppExperiment.countBelow(new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quantilesInterpolate() {
        assertThat(SdppExperiment.quantile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
        assertThat(SdppExperiment.quantile(new double[] {1, 2, 3, 4}, 0.0)).isEqualTo(1);
        assertThat(SdppExperiment.quantile(new double[] {}, 0.5)).isNaN();
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new SdppExperiment.Settings(Map.of(), List.of(1L),
                new TestSetSpec(Profile.C, 20, 1, 0, 1), 1, 1, SdppExperiment.Clusterings.TRUTH, dir, dir,
                Training.Choice.FINAL, dir)).isInstanceOf(IllegalArgumentException.class);
    }
}
