package org.gfncp.experiments.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.experiments.model.FakeModel;
import org.gfncp.experiments.model.TrainingPlan;
import org.gfncp.experiments.progress.Progress;
import org.gfncp.experiments.report.Json;
import org.gfncp.experiments.train.Training;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimingRunTest {

    @TempDir
    Path dir;

    @Test
    void timesTrainingAndClusteringAndSkipsSizesOverBudget() throws IOException {
        Map<String, TrainingPlan> plans = new LinkedHashMap<>();
        plans.put("ncp", TrainingPlan.codeDefaults("ncp", 1, null).withBatch(2).withSetSizes(10, 20));
        plans.put("gfncp", TrainingPlan.codeDefaults("gfncp", 1, null).withBatch(2).withSetSizes(10, 20));
        TimingResult result;
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            result = new TimingRun(FakeModel.source(), backend, "CPU: test", 1, Progress.silent())
                    .run(new TimingRun.Settings(plans, 3, 2, 4, new int[] {400, 50, 100}, 2, 6, 60, null, 1,
                            dir));
        }
        assertThat(result.training()).hasSize(2);
        for (TimingResult.Training t : result.training()) {
            assertThat(t.trained()).isFalse();
            assertThat(t.seconds()).hasSize(4);
            assertThat(java.util.Arrays.stream(t.seconds()).allMatch(s -> s > 0)).isTrue();
            assertThat(t.warmup()).isEqualTo(2);
            assertThat(t.jvmWarmup()).isEqualTo(3);
            assertThat(t.medianSeconds()).isEqualTo(ClusteringMetrics.median(t.seconds()));
        }
        for (TimingResult.Clustering c : result.clustering()) {
            assertThat(c.sizes()).extracting(TimingResult.Size::n).containsExactly(50, 100, 400);
            assertThat(c.model()).contains("fresh");
            assertThat(Double.isNaN(c.slope())).isFalse();
            assertThat(c.skipped()).isEmpty();
        }
        assertThat(Json.mapper().readValue(dir.resolve("timing.json").toFile(), TimingResult.class).backend())
                .isEqualTo("reference");
        assertThat(dir.resolve("timing.md")).exists();
        assertThat(dir.resolve("timing-clustering.png")).exists();

        // a zero budget stops after the first size
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            TimingResult budget = new TimingRun(FakeModel.source(), backend, "CPU: test", 1, Progress.silent())
                    .run(new TimingRun.Settings(plans, 0, 0, 1, new int[] {50, 100}, 1, 6, 0, null, 1,
                            dir.resolve("budget")));
            assertThat(budget.clustering().get(0).sizes()).hasSize(1);
            assertThat(budget.clustering().get(0).skipped()).containsExactly(100);
        }
    }

    @Test
    void theJvmIsWarmedOnAThrowawayModelSoTheTimedFreshWeightsStayUntrained() throws IOException {
        Map<String, TrainingPlan> plans = Map.of("gfncp",
                TrainingPlan.codeDefaults("gfncp", 1, null).withBatch(2).withSetSizes(10, 20));
        List<Long> seeds = new java.util.ArrayList<>();
        List<FakeModel> created = new java.util.ArrayList<>();
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            new TimingRun((b, plan, seed) -> {
                FakeModel model = new FakeModel(plan.algorithm(), 4.0, seed);
                seeds.add(seed);
                created.add(model);
                return model;
            }, backend, "CPU: test", 1, Progress.silent())
                    .run(new TimingRun.Settings(plans, 5, 2, 3, new int[] {10}, 1, 6, 60, null, 7, dir));
        }
        // the throwaway (seed 8) trained only the JVM warm-up, the timed fresh model (seed 7) only its own warm-up
        // and measured iterations; clustering then times another fresh one
        assertThat(seeds).containsExactly(8L, 7L, 7L);
        assertThat(created).extracting(FakeModel::steps).containsExactly(5, 2 + 3, 0);
        assertThat(created).allMatch(FakeModel::closed);
    }

    @Test
    void clusteringUsesTheFixedKCheckpointElseTheArbitraryKOne() throws IOException {
        Map<String, TrainingPlan> plans = Map.of("gfncp", TrainingPlan.codeDefaults("gfncp", 1, null));
        Path ckpt = dir.resolve("ckpt");
        TimingRun.Settings settings = new TimingRun.Settings(plans, 0, 0, 1, new int[] {10}, 1, 6, 60, ckpt, 7, dir);
        assertThat(TimingRun.trainedCheckpoint("gfncp", settings, 6, null)).isNull();
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            Training training = new Training(FakeModel.source(), backend, 1, Progress.silent());
            training.trainOrLoad(TrainingPlan.codeDefaults("gfncp", 1, null), 7, ckpt, Training.Choice.FINAL)
                    .model().close();
            assertThat(TimingRun.trainedCheckpoint("gfncp", settings, 6, null).getFileName().toString())
                    .isEqualTo("gfncp-kany-seed7.ckpt");
            training.trainOrLoad(TrainingPlan.codeDefaults("gfncp", 1, 6), 7, ckpt, Training.Choice.FINAL)
                    .model().close();
            assertThat(TimingRun.trainedCheckpoint("gfncp", settings, 6, null).getFileName().toString())
                    .isEqualTo("gfncp-k6-seed7.ckpt");
            TimingResult result = new TimingRun(FakeModel.source(), backend, "CPU: test", 1, Progress.silent())
                    .run(settings);
            assertThat(result.clustering().get(0).model()).isEqualTo("trained: gfncp-k6-seed7.ckpt");
            // a tool run's checkpoint is named with its directory, its file name being the same for every run
            // training is timed from fresh weights and, on the code's arbitrary-K data, from the arbitrary-K model
            assertThat(result.training()).extracting(TimingResult.Training::weights)
                    .containsExactly(TimingResult.Training.FRESH, "trained: gfncp-kany-seed7.ckpt");
        }
    }

    @Test
    void aToolRunsCheckpointIsNamedWithItsDirectory() throws IOException {
        Map<String, TrainingPlan> plans = Map.of("gfncp", TrainingPlan.codeDefaults("gfncp", 1, null));
        Path ckpt = dir.resolve("ckpt");
        TimingRun.Settings settings = new TimingRun.Settings(plans, 0, 0, 1, new int[] {10}, 1, 6, 60, ckpt, 7, dir);
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            Training training = new Training(FakeModel.source(), backend, 1, Progress.silent());
            TrainingPlan plan = TrainingPlan.codeDefaults("gfncp", 1, null);
            training.trainOrLoad(plan, 7, ckpt, Training.Choice.FINAL).model().close();
            // laid out as 'gfncp train --out <checkpoint-dir>/gfncp-kany-seed7' leaves it
            Path run = Training.toolRunDirectory(ckpt, plan, 7);
            java.nio.file.Files.createDirectories(run);
            java.nio.file.Files.move(Training.checkpointFile(ckpt, plan, 7, Training.Choice.FINAL),
                    run.resolve("checkpoint.ckpt"));
            TimingResult result = new TimingRun(FakeModel.source(), backend, "CPU: test", 1, Progress.silent())
                    .run(settings);
            assertThat(result.training()).extracting(TimingResult.Training::weights)
                    .containsExactly(TimingResult.Training.FRESH, "trained: gfncp-kany-seed7/checkpoint.ckpt");
            assertThat(result.clustering().get(0).model()).isEqualTo("trained: gfncp-kany-seed7/checkpoint.ckpt");
        }
    }

    @Test
    void predictionExtrapolatesTheObservedGrowthAndIsAtLeastLinear() {
        assertThat(TimingRun.predictedSeconds(List.of(), 100)).isZero();
        List<TimingResult.Size> linear = List.of(new TimingResult.Size(100, new double[] {1}, 1, 6));
        assertThat(TimingRun.predictedSeconds(linear, 1000)).isCloseTo(10, within(1e-9));
        List<TimingResult.Size> quadratic = List.of(new TimingResult.Size(100, new double[] {1}, 1, 6),
                new TimingResult.Size(1000, new double[] {100}, 100, 6));
        assertThat(TimingRun.predictedSeconds(quadratic, 10000)).isCloseTo(10000, within(1e-6));
        List<TimingResult.Size> flat = List.of(new TimingResult.Size(100, new double[] {1}, 1, 6),
                new TimingResult.Size(1000, new double[] {1}, 1, 6));
        assertThat(TimingRun.predictedSeconds(flat, 10000)).isCloseTo(10, within(1e-9));
    }
}
