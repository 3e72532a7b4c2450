package org.gfncp.experiments.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.cli.io.TrainingLog;
import org.gfncp.cli.model.TrainingConfig;
import org.gfncp.cli.train.TrainingRun;
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
 *
 * <p>A run of the command-line tool ({@code gfncp train --out <dir>/<name>}) trains the same model from the same
 * streams, so where {@code <name>.ckpt} is absent a finished {@code <dir>/<name>/checkpoint.ckpt} whose stored
 * settings match the plan is evaluated as it is (and its {@code best.ckpt} for {@link Choice#BEST}).
 *
 * <p>{@link #withRuns} names {@code gfncp train} runs to evaluate instead, whatever their settings: models trained
 * by recipes the runner does not plan itself, such as fine-tunes ({@code gfncp train --init}).
 */
public final class Training {

    /** Window of the training-loss moving average used to pick the "best" checkpoint (spec 6). */
    public static final int SELECTION_WINDOW = 500;
    /** Stands for the seed in {@link #withRuns} patterns. */
    public static final String SEED_PLACEHOLDER = "{seed}";

    private final ModelSource source;
    private final Backend backend;
    private final int checkpointEvery;
    private final Progress progress;
    private final Map<String, String> runs;

    /**
     * What a finished (or reused) training run reports.
     *
     * @param plan what the model was trained on: the asked plan, or a named run's stored settings
     * @param checkpoint the runner's checkpoint of the plan, or the tool run's checkpoint that was loaded
     */
    public record Outcome(ExperimentModel model, TrainingPlan plan, Path checkpoint, long iterationsRun,
            String trainedOn, double finalLossAverage) {
    }

    /** Which checkpoint to evaluate. */
    public enum Choice {
        /** The checkpoint after the last iteration. */
        FINAL,
        /** The checkpoint with the lowest moving average of the training loss. */
        BEST
    }

    public Training(ModelSource source, Backend backend, int checkpointEvery, Progress progress) {
        this(source, backend, checkpointEvery, progress, Map.of());
    }

    private Training(ModelSource source, Backend backend, int checkpointEvery, Progress progress,
            Map<String, String> runs) {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1, got " + checkpointEvery);
        }
        this.source = source;
        this.backend = backend;
        this.checkpointEvery = checkpointEvery;
        this.progress = progress;
        this.runs = Map.copyOf(runs);
    }

    /**
     * The same, but each algorithm in {@code runs} is not trained: its model is the {@code gfncp train} output
     * directory the pattern names, {@value #SEED_PLACEHOLDER} replaced by the seed (e.g. {@code
     * runs/p-finetune-seed{seed}}), evaluated whatever its settings.
     */
    public Training withRuns(Map<String, String> runs) {
        Map<String, String> byAlgorithm = new LinkedHashMap<>();
        runs.forEach((algorithm, pattern) -> {
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException("the run of " + algorithm + " needs a directory");
            }
            byAlgorithm.put(algorithm.trim().toLowerCase(Locale.ROOT), pattern.trim());
        });
        return new Training(source, backend, checkpointEvery, progress, byAlgorithm);
    }

    /** The run directory a {@link #withRuns} pattern names for {@code seed}. */
    public static Path runDirectory(String pattern, long seed) {
        return Path.of(pattern.replace(SEED_PLACEHOLDER, Long.toString(seed)));
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
        String named = runs.get(plan.algorithm());
        if (named != null) {
            return namedRun(runDirectory(named, seed), plan.algorithm(), choice);
        }
        Path file = checkpointFile(dir, plan, seed, Choice.FINAL);
        Path toolRun = toolRunDirectory(dir, plan, seed);
        if (!Files.exists(file) && Files.isRegularFile(toolRun.resolve(TrainingRun.CHECKPOINT_FILE))) {
            return adopt(toolRun, plan, seed, choice);
        }
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
            return new Outcome(model, plan, file, run, trainedOn, tailAverage(losses));
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Where a {@code gfncp train} run for this plan and seed is looked for: {@code <dir>/<name>/}. */
    public static Path toolRunDirectory(Path dir, TrainingPlan plan, long seed) {
        String file = checkpointFile(dir, plan, seed, Choice.FINAL).getFileName().toString();
        return dir.resolve(file.substring(0, file.length() - ".ckpt".length()));
    }

    private Outcome adopt(Path run, TrainingPlan plan, long seed, Choice choice) throws IOException {
        Path file = run.resolve(TrainingRun.CHECKPOINT_FILE);
        Checkpoint stored = Checkpoints.read(file);
        TrainingConfig config = TrainingRun.storedConfig(stored);
        String mismatch = mismatch(config, plan, seed);
        if (mismatch != null) {
            throw new IllegalArgumentException(file + " was trained with other settings than the plan (" + mismatch
                    + "); use another --checkpoint-dir");
        }
        long done = TrainingRun.storedIteration(stored);
        if (done != plan.iterations()) {
            throw new IllegalArgumentException(file + " holds " + done + " iterations, the plan " + plan.iterations()
                    + "; continue it with 'gfncp train --resume " + file + " --iterations " + plan.iterations()
                    + "' or pass --iterations " + plan.algorithm() + "=" + done);
        }
        return load(run, chosen(run, stored, choice), config, plan, seed, "");
    }

    /** A run named by {@link #withRuns}: any settings and length, described by what it stored. */
    private Outcome namedRun(Path run, String algorithm, Choice choice) throws IOException {
        Path last = run.resolve(TrainingRun.CHECKPOINT_FILE);
        Path best = run.resolve(TrainingRun.BEST_CHECKPOINT_FILE);
        // a shipped model may keep only its best checkpoint (models/gfncp-mog2d-k6); it carries the run's settings too
        boolean hasLast = Files.isRegularFile(last);
        if (!hasLast && !(choice == Choice.BEST && Files.isRegularFile(best))) {
            throw new IllegalArgumentException("no 'gfncp train' run for " + algorithm + " at " + run + " (no "
                    + TrainingRun.CHECKPOINT_FILE + (choice == Choice.BEST ? " or " + TrainingRun.BEST_CHECKPOINT_FILE
                            : "") + ")");
        }
        Path file = hasLast ? last : best;
        Checkpoint stored = Checkpoints.read(file);
        if (!stored.algorithm().equalsIgnoreCase(algorithm)) {
            throw new IllegalArgumentException(file + " holds a " + stored.algorithm() + " model, not " + algorithm);
        }
        TrainingConfig config = TrainingRun.storedConfig(stored);
        Chosen chosen = hasLast ? chosen(run, stored, choice) : new Chosen(best, stored);
        // the iterations behind the evaluated weights: a best checkpoint may come long before the run's end
        TrainingPlan plan = planOf(config).withIterations((int) TrainingRun.storedIteration(chosen.checkpoint()));
        String origin = ", run " + run + ", seed " + config.seed()
                + (config.init() == null ? "" : ", from " + config.init());
        return load(run, chosen, config, plan, config.seed(), origin);
    }

    /** The checkpoint of a tool run to evaluate, and its file. */
    private record Chosen(Path file, Checkpoint checkpoint) {
    }

    /** A tool run's {@code best.ckpt} for {@link Choice#BEST} where it has one, else its last checkpoint. */
    private static Chosen chosen(Path run, Checkpoint last, Choice choice) throws IOException {
        Path best = run.resolve(TrainingRun.BEST_CHECKPOINT_FILE);
        return choice == Choice.BEST && Files.exists(best) ? new Chosen(best, Checkpoints.read(best))
                : new Chosen(run.resolve(TrainingRun.CHECKPOINT_FILE), last);
    }

    private Outcome load(Path run, Chosen chosen, TrainingConfig config, TrainingPlan plan, long seed, String origin)
            throws IOException {
        ExperimentModel model = source.create(backend, plan, seed);
        try {
            model.load(chosen.checkpoint().tensors());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        Path log = run.resolve(TrainingRun.LOG_FILE);
        List<Double> losses = Files.exists(log)
                ? TrainingLog.read(log).stream().map(TrainingLog.Row::loss).toList() : List.of();
        String trainedOn = config.backend() == null ? "unrecorded backend" : config.backend();
        return new Outcome(model, plan, chosen.file(), 0, trainedOn + " (gfncp train" + origin + ")",
                tailAverage(losses));
    }

    /** The first setting in which a tool run differs from the plan, or null; K bounds compare as rules. */
    static String mismatch(TrainingConfig config, TrainingPlan plan, long seed) {
        int[] stored = config.fixedK() != null ? new int[] {config.fixedK(), config.fixedK()}
                : new int[] {config.minK(), config.maxK()};
        int[] asked = {plan.minClusters(), plan.maxClusters()};
        Map<String, Object[]> pairs = new LinkedHashMap<>();
        pairs.put("algorithm", new Object[] {config.algorithm().toLowerCase(Locale.ROOT), plan.algorithm()});
        pairs.put("seed", new Object[] {config.seed(), seed});
        pairs.put("batch", new Object[] {config.batch(), plan.batch()});
        pairs.put("set sizes", new Object[] {config.nMin() + ".." + config.nMax(), plan.nMin() + ".." + plan.nMax()});
        pairs.put("alpha", new Object[] {config.alpha(), plan.alpha()});
        pairs.put("clusters", new Object[] {rule(stored, config.nMax()), rule(asked, plan.nMax())});
        pairs.put("augmented", new Object[] {config.augmented(), false});
        pairs.put("model settings", new Object[] {config.model(), plan.modelSettings()});
        pairs.put("initial weights", new Object[] {config.init() == null ? "fresh" : config.init(), "fresh"});
        for (Map.Entry<String, Object[]> pair : pairs.entrySet()) {
            if (!pair.getValue()[0].equals(pair.getValue()[1])) {
                return pair.getKey() + " " + pair.getValue()[0] + " vs " + pair.getValue()[1];
            }
        }
        return null;
    }

    /** The plan a {@code gfncp train} run followed (K bounds as its data saw them). */
    static TrainingPlan planOf(TrainingConfig config) {
        int min = config.fixedK() != null ? config.fixedK() : Math.max(1, config.minK());
        int max = config.fixedK() != null ? config.fixedK()
                : config.maxK() >= config.nMax() - 1 ? Integer.MAX_VALUE : config.maxK();
        return new TrainingPlan(config.algorithm(), config.iterations(), config.batch(), config.nMin(), config.nMax(),
                config.alpha(), min, max, config.model());
    }

    /** K bounds as the data sees them: a set of fewer than nMax points never has more than nMax - 1 clusters. */
    private static String rule(int[] bounds, int nMax) {
        int min = Math.max(1, bounds[0]);
        return min + ".." + (bounds[1] >= nMax - 1 ? "any" : Integer.toString(bounds[1]));
    }

    /**
     * The model stored in a checkpoint written by this class, rebuilt from the plan and seed in its state (any
     * iteration count).
     */
    public ExperimentModel load(Path file) throws IOException {
        Checkpoint stored = Checkpoints.read(file);
        Object plan = stored.state().get("plan");
        Object seed = stored.state().get("seed");
        TrainingPlan storedPlan;
        if (stored.state().get("training") instanceof Map<?, ?>) {
            TrainingConfig config = TrainingRun.storedConfig(stored);
            storedPlan = planOf(config);
            seed = config.seed();
        } else if (plan instanceof Map<?, ?> && seed instanceof Number) {
            storedPlan = Json.mapper().convertValue(plan, TrainingPlan.class);
        } else {
            throw new IllegalArgumentException(file + " was written neither by the experiment runner nor by "
                    + "'gfncp train' (no plan/seed or training settings)");
        }
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
                RandomStream data = new RandomStream(TrainingRun.streamSeed(seed, iteration, 0));
                RandomStream step = new RandomStream(TrainingRun.streamSeed(seed, iteration, 1));
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
        return TrainingRun.tailMean(losses, SELECTION_WINDOW);
    }
}
