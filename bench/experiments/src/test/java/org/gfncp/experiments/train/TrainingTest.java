package org.gfncp.experiments.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import java.util.Map;
import org.gfncp.cli.model.TrainingConfig;
import org.gfncp.cli.train.TrainingRun;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;
import org.gfncp.experiments.model.FakeModel;
import org.gfncp.experiments.model.TrainingPlan;
import org.gfncp.experiments.progress.Progress;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {

    @TempDir
    Path dir;

    private final Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
    private final Training training = new Training(FakeModel.source(), backend, 2, Progress.silent());

    @AfterEach
    void close() {
        backend.close();
    }

    private static TrainingPlan plan(int iterations) {
        return TrainingPlan.codeDefaults("gfncp", iterations, null).withBatch(2).withSetSizes(10, 20);
    }

    @Test
    void resumedRunEqualsAnUninterruptedOne() throws IOException {
        Path straight = dir.resolve("straight");
        Path resumed = dir.resolve("resumed");
        Training.Outcome full = training.trainOrLoad(plan(6), 9, straight, Training.Choice.FINAL);
        Training.Outcome part = training.trainOrLoad(plan(3), 9, resumed, Training.Choice.FINAL);
        part.model().close();
        Training.Outcome rest = training.trainOrLoad(plan(6), 9, resumed, Training.Choice.FINAL);
        assertThat(full.iterationsRun()).isEqualTo(6);
        assertThat(part.iterationsRun()).isEqualTo(3);
        assertThat(rest.iterationsRun()).isEqualTo(3);
        FakeModel a = (FakeModel) full.model();
        FakeModel b = (FakeModel) rest.model();
        assertThat(b.steps()).isEqualTo(6);
        assertThat(b.weight()).isEqualTo(a.weight());
        assertThat(Checkpoints.read(rest.checkpoint()).state().get("losses"))
                .isEqualTo(Checkpoints.read(full.checkpoint()).state().get("losses"));
        // a different seed trains differently, so equality above is not trivial
        Training.Outcome other = training.trainOrLoad(plan(6), 10, dir.resolve("other"), Training.Choice.FINAL);
        assertThat(((FakeModel) other.model()).weight()).isNotEqualTo(a.weight());
    }

    @Test
    void completeCheckpointIsReusedWithoutTraining() throws IOException {
        Training.Outcome first = training.trainOrLoad(plan(4), 1, dir, Training.Choice.FINAL);
        Training.Outcome again = training.trainOrLoad(plan(4), 1, dir, Training.Choice.FINAL);
        assertThat(again.iterationsRun()).isZero();
        assertThat(((FakeModel) again.model()).weight()).isEqualTo(((FakeModel) first.model()).weight());
        assertThat(again.trainedOn()).isEqualTo("reference");
        assertThat(Training.checkpointFile(dir, plan(4), 1, Training.Choice.FINAL).getFileName().toString())
                .isEqualTo("gfncp-kany-seed1.ckpt");
    }

    @Test
    void bestCheckpointIsWrittenAndCanBeChosen() throws IOException {
        training.trainOrLoad(plan(4), 2, dir, Training.Choice.FINAL);
        Path best = Training.checkpointFile(dir, plan(4), 2, Training.Choice.BEST);
        assertThat(best).exists();
        // the fake's loss 1/step falls, so the last checkpoint is also the best one
        assertThat(Checkpoints.read(best).state().get("iteration")).isEqualTo(4);
        Training.Outcome chosen = training.trainOrLoad(plan(4), 2, dir, Training.Choice.BEST);
        assertThat(((FakeModel) chosen.model()).steps()).isEqualTo(4);
    }

    @Test
    void refusesCheckpointsTrainedFurtherOrForAnotherPlan() throws IOException {
        training.trainOrLoad(plan(4), 3, dir, Training.Choice.FINAL);
        assertThatThrownBy(() -> training.trainOrLoad(plan(2), 3, dir, Training.Choice.FINAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than the 2");
        assertThatThrownBy(() -> training.trainOrLoad(plan(4).withBatch(3), 3, dir, Training.Choice.FINAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another plan");
    }

    @Test
    void finishedToolRunWithTheSameSettingsIsEvaluatedAsItIs() throws IOException {
        Training.Outcome four = training.trainOrLoad(plan(4), 5, dir.resolve("a"), Training.Choice.FINAL);
        Training.Outcome two = training.trainOrLoad(plan(2), 5, dir.resolve("b"), Training.Choice.FINAL);
        Path runs = dir.resolve("runs");
        TrainingConfig config = TrainingConfig.defaults().withAlgorithm("gfncp").withSeed(5).withBatch(2)
                .withSetSizes(10, 20).withIterations(4).withBackend("djl");
        ToolRuns.write(Training.toolRunDirectory(runs, plan(4), 5), config, four.checkpoint(), two.checkpoint());

        Training.Outcome adopted = training.trainOrLoad(plan(4), 5, runs, Training.Choice.FINAL);
        assertThat(adopted.iterationsRun()).isZero();
        assertThat(adopted.trainedOn()).contains("djl");
        assertThat(((FakeModel) adopted.model()).weight()).isEqualTo(((FakeModel) four.model()).weight());
        Training.Outcome best = training.trainOrLoad(plan(4), 5, runs, Training.Choice.BEST);
        assertThat(((FakeModel) best.model()).weight()).isEqualTo(((FakeModel) two.model()).weight());
        assertThat(Training.checkpointFile(runs, plan(4), 5, Training.Choice.FINAL)).doesNotExist();
        // loading the tool's checkpoint directly (as the timing command does) rebuilds the same model
        try (var loaded = training.load(Training.toolRunDirectory(runs, plan(4), 5).resolve(TrainingRun.CHECKPOINT_FILE))) {
            assertThat(((FakeModel) loaded).weight()).isEqualTo(((FakeModel) four.model()).weight());
        }

        assertThatThrownBy(() -> training.trainOrLoad(plan(6), 5, runs, Training.Choice.FINAL))
                .hasMessageContaining("gfncp train --resume");
        assertThatThrownBy(() -> training.trainOrLoad(plan(4).withBatch(3), 5, runs, Training.Choice.FINAL))
                .isInstanceOf(IllegalArgumentException.class);
        ToolRuns.write(Training.toolRunDirectory(runs, plan(4).withBatch(3), 5), config, four.checkpoint(), two.checkpoint());
        assertThatThrownBy(() -> training.trainOrLoad(plan(4).withBatch(3), 5, runs, Training.Choice.FINAL))
                .hasMessageContaining("batch 2 vs 3");
    }

    @Test
    void namedRunsAreEvaluatedWhateverTheirSettings() throws IOException {
        Training.Outcome four = training.trainOrLoad(plan(4), 5, dir.resolve("a"), Training.Choice.FINAL);
        Training.Outcome two = training.trainOrLoad(plan(2), 6, dir.resolve("b"), Training.Choice.FINAL);
        // a fine-tune: other batch, set sizes and length than the plan, started from another checkpoint
        TrainingConfig fineTune = TrainingConfig.defaults().withAlgorithm("gfncp").withSeed(15).withBatch(3)
                .withSetSizes(30, 61).withIterations(7).withBackend("djl").withInit("stage1/checkpoint.ckpt");
        ToolRuns.write(dir.resolve("runs/p-seed5"), fineTune, four.checkpoint(), two.checkpoint());
        Training named = training.withRuns(Map.of("GFNCP", dir.resolve("runs").toString() + "/p-seed{seed}"));
        Path unused = dir.resolve("unused");

        Training.Outcome outcome = named.trainOrLoad(plan(4), 5, unused, Training.Choice.FINAL);
        assertThat(outcome.iterationsRun()).isZero();
        assertThat(((FakeModel) outcome.model()).weight()).isEqualTo(((FakeModel) four.model()).weight());
        assertThat(outcome.plan().batch()).isEqualTo(3);
        assertThat(outcome.plan().nMin()).isEqualTo(30);
        assertThat(outcome.plan().iterations()).isEqualTo(7);
        assertThat(outcome.trainedOn()).contains("djl").contains("seed 15").contains("from stage1/checkpoint.ckpt");
        assertThat(outcome.checkpoint()).isEqualTo(dir.resolve("runs/p-seed5").resolve(TrainingRun.CHECKPOINT_FILE));
        Training.Outcome best = named.trainOrLoad(plan(4), 5, unused, Training.Choice.BEST);
        assertThat(((FakeModel) best.model()).weight()).isEqualTo(((FakeModel) two.model()).weight());
        assertThat(best.plan().iterations()).as("the best checkpoint's own iteration").isEqualTo(2);
        assertThat(best.checkpoint()).isEqualTo(dir.resolve("runs/p-seed5").resolve(TrainingRun.BEST_CHECKPOINT_FILE));
        assertThat(unused).doesNotExist();
        // a run that kept only its best checkpoint is evaluated under --checkpoint best, and only there
        Files.delete(dir.resolve("runs/p-seed5").resolve(TrainingRun.CHECKPOINT_FILE));
        Training.Outcome onlyBest = named.trainOrLoad(plan(4), 5, unused, Training.Choice.BEST);
        assertThat(((FakeModel) onlyBest.model()).weight()).isEqualTo(((FakeModel) two.model()).weight());
        assertThat(onlyBest.plan().iterations()).isEqualTo(2);
        assertThat(onlyBest.plan().batch()).isEqualTo(3);
        assertThat(onlyBest.checkpoint()).isEqualTo(best.checkpoint());
        assertThatThrownBy(() -> named.trainOrLoad(plan(4), 5, unused, Training.Choice.FINAL))
                .hasMessageContaining("(no checkpoint.ckpt)");

        // ncp is not named, so it is planned and trained as before
        Training.Outcome ncp = named.trainOrLoad(TrainingPlan.codeDefaults("ncp", 2, null).withBatch(2), 5, unused,
                Training.Choice.FINAL);
        assertThat(ncp.iterationsRun()).isEqualTo(2);
        assertThatThrownBy(() -> named.trainOrLoad(plan(4), 6, unused, Training.Choice.FINAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p-seed6");
        ToolRuns.write(dir.resolve("runs/p-seed7"), fineTune.withAlgorithm("ncp"), four.checkpoint(), two.checkpoint());
        Path ncpRun = dir.resolve("runs/p-seed7").resolve(TrainingRun.CHECKPOINT_FILE);
        Checkpoint stored = Checkpoints.read(ncpRun);
        Checkpoints.write(ncpRun, new Checkpoint("ncp", stored.config(), stored.state(), stored.tensors()));
        assertThatThrownBy(() -> named.trainOrLoad(plan(4), 7, unused, Training.Choice.FINAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not gfncp");
    }

    @Test
    void clusterBoundsCompareAsTheRulesTheDataSees() {
        TrainingPlan ncp = TrainingPlan.codeDefaults("ncp", 10, null).withBatch(2);
        TrainingConfig unbounded = TrainingConfig.defaults().withAlgorithm("ncp").withSeed(1).withBatch(2)
                .withSetSizes(5, 100);
        // K <= 10 is a real limit on sets of up to 99 points
        assertThat(Training.mismatch(unbounded, ncp, 1)).startsWith("clusters");
        TrainingPlan six = TrainingPlan.codeDefaults("gfncp", 10, 6);
        TrainingConfig fixed = TrainingConfig.defaults().withSeed(1).withFixedK(6);
        assertThat(Training.mismatch(fixed, six, 1)).isNull();
        assertThat(Training.mismatch(fixed, six, 2)).startsWith("seed");
        assertThat(Training.mismatch(TrainingConfig.defaults().withSeed(1), six, 1)).startsWith("clusters");
    }

    @Test
    void checkpointsAreWrittenAtTheIntervalAndTheLoadRebuildsTheModel() throws IOException {
        Training.Outcome outcome = training.trainOrLoad(plan(5), 4, dir, Training.Choice.FINAL);
        assertThat(Checkpoints.read(outcome.checkpoint()).state().get("iteration")).isEqualTo(5);
        try (var loaded = training.load(outcome.checkpoint())) {
            assertThat(((FakeModel) loaded).weight()).isEqualTo(((FakeModel) outcome.model()).weight());
        }
        try (var files = Files.list(dir)) {
            // no temporary files left behind by the atomic writes
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".ckpt"));
        }
    }
}
