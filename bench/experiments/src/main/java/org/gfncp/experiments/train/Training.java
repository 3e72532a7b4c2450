package org.gfncp.experiments.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;
import org.gfncp.core.random.RandomStream;
import org.gfncp.experiments.model.ExperimentModel;
import org.gfncp.experiments.model.ModelSource;
import org.gfncp.experiments.model.TrainingPlan;
import org.gfncp.experiments.progress.Progress;
import org.gfncp.experiments.report.Json;
import org.gfncp.spi.backend.Backend;

/**
 * Trains one model for a {@link TrainingPlan} and a seed, or reuses/continues its checkpoint. The checkpoint
 * {@code <dir>/<name>.ckpt} is rewritten atomically every {@code checkpointEvery} iterations and at the end; the
 * checkpoint with the lowest moving average of the training loss (spec 6) is kept as {@code <name>.best.ckpt}.
 */
public final class Training {

    /** Window of the training-loss moving average used to pick the "best" checkpoint (spec 6). */
    public static final int SELECTION_WINDOW = 500;

    private final ModelSource source;
    private final Backend backend;
    private final int checkpointEvery;
    private final Progress progress;

    /** What a finished (or reused) training run reports. */
    public record Outcome(ExperimentModel model, Path checkpoint, long iterationsRun, String trainedOn,
            double finalLossAverage) {
    }

    /** Which checkpoint to evaluate. */
    public enum Choice {
        /** The checkpoint after the last iteration. */
        FINAL,
        /** The checkpoint with the lowest moving average of the training loss. */
        BEST
    }

    public Training(ModelSource source, Backend backend, int checkpointEvery, Progress progress) {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1, got " + checkpointEvery);
        }
        this.source = source;
        this.backend = backend;
        this.checkpointEvery = checkpointEvery;
        this.progress = progress;
    }

    /** The checkpoint file of one plan and seed in {@code dir}; the iteration count is not part of the name. */
    public static Path checkpointFile(Path dir, TrainingPlan plan, long seed, Choice choice) {
        String rule = plan.minClusters() == plan.maxClusters() ? "k" + plan.minClusters() : "kany";
        String name = String.format(Locale.ROOT, "%s-%s-seed%d", plan.algorithm(), rule, seed);
        return dir.resolve(name + (choice == Choice.BEST ? ".best.ckpt" : ".ckpt"));
    }

    /**
     * The trained model: loaded from the checkpoint when it already has {@code plan.iterations()} iterations,
     * continued from it when it has fewer, trained from scratch when there is none.
     *
     * @throws IllegalArgumentException if the checkpoint was trained further than the plan, or for another plan
     */
    public Outcome trainOrLoad(TrainingPlan plan, long seed, Path dir, Choice choice) throws IOException {
        Path file = checkpointFile(dir, plan, seed, Choice.FINAL);
        long done = 0;
        Checkpoint stored = null;
        if (Files.exists(file)) {
            stored = Checkpoints.read(file);
            checkCompatible(stored, plan, seed, file);
            done = ((Number) stored.state().get("iteration")).longValue();
            if (done > plan.iterations()) {
                throw new IllegalArgumentException(file + " holds " + done + " iterations, more than the "
                        + plan.iterations() + " asked for; pass --iterations " + done + " or another --checkpoint-dir");
            }
        }
        ExperimentModel model = source.create(backend, plan, seed);
        try {
            List<Double> losses = new ArrayList<>();
            double best = Double.POSITIVE_INFINITY;
            String trainedOn = backend.name();
            if (stored != null) {
                model.load(stored.tensors());
                losses.addAll(doubles(stored.state().get("losses")));
                best = ((Number) stored.state().getOrDefault("bestLossAverage", Double.POSITIVE_INFINITY))
                        .doubleValue();
                Object previous = stored.state().get("trainedOn");
                if (previous != null && !previous.toString().equals(backend.name())) {
                    trainedOn = previous + "+" + backend.name();
                } else if (previous != null) {
                    trainedOn = previous.toString();
                }
            }
            long run = plan.iterations() - done;
            if (run > 0) {
                train(model, plan, seed, done, losses, best, trainedOn, file);
            }
            if (choice == Choice.BEST) {
                Path bestFile = checkpointFile(dir, plan, seed, Choice.BEST);
                if (Files.exists(bestFile)) {
                    model.load(Checkpoints.read(bestFile).tensors());
                }
            }
            return new Outcome(model, file, run, trainedOn, tailAverage(losses));
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The model stored in a checkpoint written by this class, rebuilt from the plan and seed in its state (any
     * iteration count).
     */
    public ExperimentModel load(Path file) throws IOException {
        Checkpoint stored = Checkpoints.read(file);
        Object plan = stored.state().get("plan");
        Object seed = stored.state().get("seed");
        if (!(plan instanceof Map<?, ?>) || !(seed instanceof Number)) {
            throw new IllegalArgumentException(file + " was not written by the experiment runner (no plan/seed)");
        }
        TrainingPlan storedPlan = Json.mapper().convertValue(plan, TrainingPlan.class);
        ExperimentModel model = source.create(backend, storedPlan, ((Number) seed).longValue());
        try {
            model.load(stored.tensors());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private void train(ExperimentModel model, TrainingPlan plan, long seed, long done, List<Double> losses,
            double bestAtStart, String trainedOn, Path file) throws IOException {
        MixtureOfGaussians generator = new MixtureOfGaussians();
        double best = bestAtStart;
        String name = plan.algorithm() + " seed " + seed;
        try (Progress.Task task = progress.start(name, plan.iterations(), done)) {
            for (long iteration = done + 1; iteration <= plan.iterations(); iteration++) {
                RandomStream data = new RandomStream(streamSeed(seed, iteration, 0));
                RandomStream step = new RandomStream(streamSeed(seed, iteration, 1));
                MixtureOfGaussians.Batch batch = generator.batch(plan.batch(), plan.nMin(), plan.nMax(), plan.alpha(),
                        plan.rule(), false, data);
                double loss = model.trainStep(batch, step);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException(plan.algorithm() + " training loss is " + loss + " at iteration "
                            + iteration + " (seed " + seed + "); the last good checkpoint is " + file);
                }
                losses.add(loss);
                task.step(1);
                if (iteration % 10 == 0) {
                    task.status(String.format(Locale.ROOT, "loss %.4f", tailAverage(losses)));
                }
                if (iteration % checkpointEvery == 0 || iteration == plan.iterations()) {
                    double average = tailAverage(losses);
                    boolean isBest = losses.size() >= Math.min(SELECTION_WINDOW, plan.iterations()) && average < best;
                    if (isBest) {
                        best = average;
                    }
                    Checkpoint checkpoint = checkpoint(model, plan, seed, iteration, losses, best, trainedOn);
                    Checkpoints.write(file, checkpoint);
                    if (isBest) {
                        Checkpoints.write(checkpointFile(file.getParent(), plan, seed, Choice.BEST), checkpoint);
                    }
                }
            }
        }
    }

    private static Checkpoint checkpoint(ExperimentModel model, TrainingPlan plan, long seed, long iteration,
            List<Double> losses, double best, String trainedOn) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("iteration", iteration);
        state.put("seed", seed);
        state.put("plan", Checkpoint.toMap(plan));
        state.put("trainedOn", trainedOn);
        state.put("bestLossAverage", best);
        state.put("losses", List.copyOf(losses));
        return new Checkpoint(model.algorithm(), model.config(), state, model.tensors());
    }

    /** A checkpoint continues a plan only if everything but the iteration count matches. */
    private static void checkCompatible(Checkpoint stored, TrainingPlan plan, long seed, Path file) {
        Object storedPlan = stored.state().get("plan");
        Object storedSeed = stored.state().get("seed");
        if (!(storedPlan instanceof Map<?, ?>) || !(storedSeed instanceof Number)
                || !(stored.state().get("iteration") instanceof Number)) {
            throw new IllegalArgumentException(file + " was not written by the experiment runner (no plan/seed/iteration)");
        }
        Map<String, Object> expected = Checkpoint.toMap(plan.withIterations(1));
        Map<String, Object> actual = new LinkedHashMap<>(Checkpoint.toMap(stored.state().get("plan")));
        actual.put("iterations", 1);
        if (!expected.equals(actual) || ((Number) storedSeed).longValue() != seed) {
            throw new IllegalArgumentException(file + " was trained with another plan or seed: stored " + actual
                    + " seed " + storedSeed + ", asked " + expected + " seed " + seed
                    + "; use another --checkpoint-dir");
        }
    }

    private static List<Double> doubles(Object value) {
        List<Double> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                out.add(((Number) o).doubleValue());
            }
        }
        return out;
    }

    /** Mean of the last {@link #SELECTION_WINDOW} losses (NaN before the first). */
    static double tailAverage(List<Double> losses) {
        if (losses.isEmpty()) {
            return Double.NaN;
        }
        int from = Math.max(0, losses.size() - SELECTION_WINDOW);
        double sum = 0;
        for (int i = from; i < losses.size(); i++) {
            sum += losses.get(i);
        }
        return sum / (losses.size() - from);
    }

    /** SplitMix64 finalizer over (seed, iteration, purpose): independent, reproducible streams per iteration. */
    static long streamSeed(long seed, long iteration, long purpose) {
        long z = seed * 0x9E3779B97F4A7C15L + iteration * 0xBF58476D1CE4E5B9L + purpose * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
