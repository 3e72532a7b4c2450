package org.gfncp.experiments.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gfncp.backend.reference.ReferenceBackendProvider;
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
