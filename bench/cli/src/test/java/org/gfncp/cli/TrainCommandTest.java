package org.gfncp.cli;

import org.gfncp.cli.error.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gfncp.cli.io.TrainingLog;
import org.gfncp.cli.train.TrainingRun;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path dir;

    private static final String[] COMMON = {"--algorithm", "fake", "--seed", "7", "--batch", "3", "--n-min", "10",
        "--n-max", "20", "--checkpoint-every", "2", "--validate-every", "3", "--no-progress"};

    private CliHarness.Run train(Path out, String... extra) {
        String[] args = new String[COMMON.length + extra.length + 3];
        args[0] = "train";
        System.arraycopy(COMMON, 0, args, 1, COMMON.length);
        System.arraycopy(extra, 0, args, 1 + COMMON.length, extra.length);
        args[args.length - 2] = "--out";
        args[args.length - 1] = out.toString();
        return CliHarness.run(args);
    }

    @Test
    void writesCheckpointLogAndConfig() throws IOException {
        Path out = dir.resolve("run");
        CliHarness.Run run = train(out, "--iterations", "7");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("trained fake to iteration 7").contains("validation NMI");
        Checkpoint checkpoint = Checkpoints.read(out.resolve(TrainingRun.CHECKPOINT_FILE));
        assertThat(checkpoint.algorithm()).isEqualTo("fake");
        assertThat(TrainingRun.storedIteration(checkpoint)).isEqualTo(7);
        assertThat(checkpoint.requireTensor("optim/steps").data()[0]).isEqualTo(7f);
        List<TrainingLog.Row> rows = TrainingLog.read(out.resolve(TrainingRun.LOG_FILE));
        assertThat(rows).extracting(TrainingLog.Row::iteration).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(rows.get(2).nmi()).isBetween(0.0, 1.0);
        assertThat(rows.get(0).nmi()).isNaN();
        assertThat(Files.readString(out.resolve("config.json"))).contains("\"algorithm\" : \"fake\"").contains("\"seed\" : 7");
    }

    @Test
    void resumeRepeatsTheUninterruptedRunExactly() throws IOException {
        Path straight = dir.resolve("straight");
        Path split = dir.resolve("split");
        assertThat(train(straight, "--iterations", "8").exitCode()).isZero();
        assertThat(train(split, "--iterations", "4").exitCode()).isZero();
        CliHarness.Run resumed = CliHarness.run("train", "--resume", split.resolve(TrainingRun.CHECKPOINT_FILE).toString(),
                "--iterations", "8", "--no-progress");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        Checkpoint a = Checkpoints.read(straight.resolve(TrainingRun.CHECKPOINT_FILE));
        Checkpoint b = Checkpoints.read(split.resolve(TrainingRun.CHECKPOINT_FILE));
        assertThat(b.tensors()).isEqualTo(a.tensors());
        assertThat(b.state().get("runningLoss")).isEqualTo(a.state().get("runningLoss"));
        List<TrainingLog.Row> la = TrainingLog.read(straight.resolve(TrainingRun.LOG_FILE));
        List<TrainingLog.Row> lb = TrainingLog.read(split.resolve(TrainingRun.LOG_FILE));
        assertThat(lb).extracting(TrainingLog.Row::loss).containsExactlyElementsOf(la.stream().map(TrainingLog.Row::loss).toList());
        assertThat(lb).extracting(TrainingLog.Row::iteration).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void bestCheckpointIsTheOneWithTheLowestWindowMean() throws IOException {
        Path out = dir.resolve("best");
        CliHarness.Run run = train(out, "--iterations", "12", "--selection-window", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<TrainingLog.Row> rows = TrainingLog.read(out.resolve(TrainingRun.LOG_FILE));
        long expected = 0;
        double lowest = Double.POSITIVE_INFINITY;
        for (int iteration = 4; iteration <= 12; iteration += 2) {
            double mean = (rows.get(iteration - 3).loss() + rows.get(iteration - 2).loss() + rows.get(iteration - 1).loss()) / 3;
            if (mean < lowest) {
                lowest = mean;
                expected = iteration;
            }
        }
        Checkpoint best = Checkpoints.read(out.resolve(TrainingRun.BEST_CHECKPOINT_FILE));
        assertThat(TrainingRun.storedIteration(best)).isEqualTo(expected);
        assertThat(run.out()).contains("best:").contains("iteration " + expected);

        Path shorter = dir.resolve("shorter");
        assertThat(train(shorter, "--iterations", Long.toString(expected), "--selection-window", "3").exitCode()).isZero();
        assertThat(best.tensors()).isEqualTo(Checkpoints.read(shorter.resolve(TrainingRun.CHECKPOINT_FILE)).tensors());

        Path split = dir.resolve("split-best");
        assertThat(train(split, "--iterations", "5", "--selection-window", "3").exitCode()).isZero();
        assertThat(CliHarness.run("train", "--resume", split.resolve(TrainingRun.CHECKPOINT_FILE).toString(),
                "--iterations", "12", "--no-progress").exitCode()).isZero();
        Checkpoint resumedBest = Checkpoints.read(split.resolve(TrainingRun.BEST_CHECKPOINT_FILE));
        assertThat(TrainingRun.storedIteration(resumedBest)).isEqualTo(expected);
        assertThat(resumedBest.tensors()).isEqualTo(best.tensors());
    }

    @Test
    void validationSelectionKeepsTheHighestWindowMeanOfValidationNmi() throws IOException {
        String[] common = {"--algorithm", "fake", "--seed", "7", "--batch", "3", "--n-min", "10", "--n-max", "20",
            "--checkpoint-every", "2", "--validate-every", "2", "--selection-window", "4", "--select-by", "validation",
            "--no-progress"};
        Path out = dir.resolve("by-validation");
        CliHarness.Run run = CliHarness.run(concat(new String[] {"train"}, common,
                new String[] {"--iterations", "12", "--out", out.toString()}));
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<TrainingLog.Row> rows = TrainingLog.read(out.resolve(TrainingRun.LOG_FILE));
        long expected = 0;
        double highest = Double.NEGATIVE_INFINITY;
        for (int iteration = 2; iteration <= 12; iteration += 2) {
            // validation ran at the even iterations; the window of 4 holds this one and the one before
            double mean = iteration == 2 ? rows.get(1).nmi() : (rows.get(iteration - 3).nmi() + rows.get(iteration - 1).nmi()) / 2;
            if (mean > highest) {
                highest = mean;
                expected = iteration;
            }
        }
        Checkpoint best = Checkpoints.read(out.resolve(TrainingRun.BEST_CHECKPOINT_FILE));
        assertThat(TrainingRun.storedIteration(best)).isEqualTo(expected);
        assertThat(run.out()).contains("iteration " + expected + ", mean validation NMI");

        Path split = dir.resolve("by-validation-split");
        assertThat(CliHarness.run(concat(new String[] {"train"}, common,
                new String[] {"--iterations", "6", "--out", split.toString()})).exitCode()).isZero();
        assertThat(CliHarness.run("train", "--resume", split.resolve(TrainingRun.CHECKPOINT_FILE).toString(),
                "--iterations", "12", "--no-progress").exitCode()).isZero();
        Checkpoint resumedBest = Checkpoints.read(split.resolve(TrainingRun.BEST_CHECKPOINT_FILE));
        assertThat(TrainingRun.storedIteration(resumedBest)).isEqualTo(expected);
        assertThat(resumedBest.tensors()).isEqualTo(best.tensors());

        CliHarness.Run unknown = train(dir.resolve("y"), "--iterations", "4", "--select-by", "accuracy");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("select-by must be");
        // COMMON validates every 3 iterations and checkpoints every 2: no validation at most checkpoints
        CliHarness.Run misaligned = train(dir.resolve("z"), "--iterations", "4", "--select-by", "validation");
        assertThat(misaligned.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(misaligned.err()).contains("validate-every=3, checkpoint-every=2");
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @Test
    void initStartsFromAnotherRunsWeightsWithAFreshOptimizer() throws IOException {
        Path base = dir.resolve("base");
        assertThat(train(base, "--iterations", "6").exitCode()).isZero();
        Checkpoint trained = Checkpoints.read(base.resolve(TrainingRun.CHECKPOINT_FILE));
        Path tuned = dir.resolve("tuned");
        CliHarness.Run run = train(tuned, "--iterations", "2", "--init", base.resolve(TrainingRun.CHECKPOINT_FILE).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Checkpoint fine = Checkpoints.read(tuned.resolve(TrainingRun.CHECKPOINT_FILE));
        // the same two steps as a fresh run's, taken from the base model's radius instead of the fresh 3.0
        Path fresh = dir.resolve("fresh");
        assertThat(train(fresh, "--iterations", "2").exitCode()).isZero();
        float start = trained.requireTensor("model/radius").data()[0];
        float freshRadius = Checkpoints.read(fresh.resolve(TrainingRun.CHECKPOINT_FILE)).requireTensor("model/radius").data()[0];
        float initial = (float) (3.0 + new org.gfncp.core.random.RandomStream(7).nextDouble() * 1e-3); // FakeModels, seed 7
        assertThat(Math.abs(start - initial)).isGreaterThan(1e-3f);
        assertThat(fine.requireTensor("model/radius").data()[0] - freshRadius)
                .isCloseTo(start - initial, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(fine.requireTensor("optim/steps").data()[0]).isEqualTo(2f);
        assertThat(TrainingRun.storedConfig(fine).init()).isEqualTo(base.resolve(TrainingRun.CHECKPOINT_FILE).toString());

        CliHarness.Run other = CliHarness.run("train", "--algorithm", "other", "--iterations", "1", "--no-progress",
                "--out", dir.resolve("x").toString(), "--init", base.resolve(TrainingRun.CHECKPOINT_FILE).toString());
        assertThat(other.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err()).contains("--init holds a fake model, not other");
        CliHarness.Run both = CliHarness.run("train", "--resume", tuned.resolve(TrainingRun.CHECKPOINT_FILE).toString(),
                "--iterations", "4", "--init", base.resolve(TrainingRun.CHECKPOINT_FILE).toString());
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void resumeRejectsChangedRunSettingsAndFinishedRuns() {
        Path out = dir.resolve("run");
        assertThat(train(out, "--iterations", "2").exitCode()).isZero();
        String ckpt = out.resolve(TrainingRun.CHECKPOINT_FILE).toString();
        CliHarness.Run changed = CliHarness.run("train", "--resume", ckpt, "--seed", "9", "--iterations", "4");
        assertThat(changed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(changed.err()).contains("--resume continues the stored run");
        CliHarness.Run done = CliHarness.run("train", "--resume", ckpt, "--no-progress");
        assertThat(done.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(done.err()).contains("already at iteration 2 of 2");
    }

    @Test
    void configFileIsReadAndFlagsOverrideIt() throws IOException {
        Path config = Files.writeString(dir.resolve("train.json"),
                "{\"algorithm\": \"other\", \"iterations\": 3, \"batch\": 2, \"nMin\": 5, \"nMax\": 9, \"validateEvery\": 0,"
                        + " \"model\": {\"radius\": 2.5}}");
        Path out = dir.resolve("cfg");
        CliHarness.Run run = CliHarness.run("train", "--config", config.toString(), "--iterations", "2", "--out",
                out.toString(), "--no-progress");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Checkpoint checkpoint = Checkpoints.read(out.resolve(TrainingRun.CHECKPOINT_FILE));
        assertThat(checkpoint.algorithm()).isEqualTo("other");
        assertThat(TrainingRun.storedIteration(checkpoint)).isEqualTo(2);
        assertThat(TrainingRun.storedConfig(checkpoint).nMax()).isEqualTo(9);

        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"iterations\": 3, \"learningRate\": 0.1}");
        CliHarness.Run badRun = CliHarness.run("train", "--config", bad.toString(), "--out", out.toString());
        assertThat(badRun.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(badRun.err()).contains("learningRate");
    }

    @Test
    void invalidSettingsAreUsageErrors() {
        CliHarness.Run run = train(dir.resolve("x"), "--iterations", "0");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("iterations must be at least 1");
        CliHarness.Run sizes = CliHarness.run("train", "--algorithm", "fake", "--n-min", "30", "--n-max", "20",
                "--out", dir.toString());
        assertThat(sizes.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(sizes.err()).contains("n-min=30, n-max=20");
    }
}
