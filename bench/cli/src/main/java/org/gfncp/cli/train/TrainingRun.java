package org.gfncp.cli.train;

import org.gfncp.cli.model.TrainingConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.error.UserException;
import org.gfncp.cli.io.TrainingLog;
import org.gfncp.cli.model.ModelFactory;
import org.gfncp.cli.model.TrainableModel;
import org.gfncp.core.data.ClusterCountRule;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;

/**
 * Trains a model on generated mixture-of-Gaussians batches, appends every iteration to the training log, measures
 * validation NMI on fixed sets, and checkpoints atomically. Every iteration draws its data and its step randomness
 * from streams seeded by {@code (seed, iteration)} alone, so a run resumed from a checkpoint repeats exactly the
 * iterations an uninterrupted run would have made.
 *
 * <p>Training losses are noisy, so besides the latest checkpoint the run keeps {@code best.ckpt}: the model at the
 * checkpoint whose moving average of the last {@code selectionWindow} losses was the lowest so far (the paper keeps
 * its lowest-loss model; spec 6 fixes the window at 500 iterations), or, with {@code selectBy = validation}, whose
 * validation NMI averaged over that window was the highest.
 */
public final class TrainingRun {

    public static final String CHECKPOINT_FILE = "checkpoint.ckpt";
    public static final String LOG_FILE = "train-log.csv";
    public static final String BEST_CHECKPOINT_FILE = "best.ckpt";

    /** Smoothing of the displayed running loss (an exponential moving average). */
    static final double RUNNING_LOSS_DECAY = 0.95;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Progress callbacks, e.g. for a progress bar. */
    public interface Listener {

        void started(long firstIteration, long lastIteration);

        /** After each iteration; {@code nmi} is NaN where validation did not run. */
        void iteration(long iteration, double loss, double runningLoss, double nmi);

        void checkpointed(long iteration, Path file);

        static Listener silent() {
            return new Listener() {
                @Override
                public void started(long firstIteration, long lastIteration) {
                }

                @Override
                public void iteration(long iteration, double loss, double runningLoss, double nmi) {
                }

                @Override
                public void checkpointed(long iteration, Path file) {
                }
            };
        }
    }

    /** What a finished run reports. */
    public record Result(long lastIteration, double runningLoss, double lastNmi, Path checkpoint,
            Selection best) {
    }

    /**
     * The checkpoint kept as {@code best.ckpt}; {@code iteration} is 0 while no window has filled yet.
     *
     * @param score lower is better: the loss average, or minus the validation NMI average ({@code selectBy})
     */
    public record Selection(long iteration, double score, Path file) {
    }

    private final TrainingConfig config;
    private final TrainableModel model;
    private final Path outDir;
    private final Listener listener;
    private final MixtureOfGaussians generator = new MixtureOfGaussians();

    private TrainingRun(TrainingConfig config, TrainableModel model, Path outDir, Listener listener) {
        this.config = config;
        this.model = model;
        this.outDir = outDir;
        this.listener = listener;
    }

    /** Trains a fresh model from iteration 1, replacing any log in {@code outDir}. */
    public static Result start(TrainingConfig config, ModelFactory factory, Backend backend, Path outDir,
            Listener listener) throws IOException {
        return start(config, factory, backend, outDir, listener, null);
    }

    /**
     * Trains from iteration 1 as {@link #start(TrainingConfig, ModelFactory, Backend, Path, Listener)}, the weights
     * taken from {@code init} (fine-tuning: the optimizer and the learning-rate schedule start afresh), or freshly
     * initialized when it is null.
     */
    public static Result start(TrainingConfig config, ModelFactory factory, Backend backend, Path outDir,
            Listener listener, Checkpoint init) throws IOException {
        config.validated();
        Map<String, Object> settings = new LinkedHashMap<>(factory.trainingDefaults(config));
        settings.putAll(config.model());
        try (TrainableModel model = factory.create(backend, settings, config.seed());
                TrainingLog log = TrainingLog.create(outDir.resolve(LOG_FILE))) {
            if (init != null) {
                model.load(weightsOf(init, model));
            }
            return new TrainingRun(config, model, outDir, listener).loop(0, Double.NaN, new ArrayList<>(),
                    new LinkedHashMap<>(), new Selection(0, Double.POSITIVE_INFINITY, outDir.resolve(BEST_CHECKPOINT_FILE)), log);
        }
    }

    /** {@code init}'s weights with {@code model}'s own (fresh) optimizer state. */
    private static List<NamedTensor> weightsOf(Checkpoint init, TrainableModel model) {
        if (!init.algorithm().equalsIgnoreCase(model.algorithm())) {
            throw UserException.usage("--init holds a " + init.algorithm() + " model, not " + model.algorithm());
        }
        Map<String, NamedTensor> stored = new LinkedHashMap<>();
        init.tensors().forEach(t -> stored.put(t.name(), t));
        List<NamedTensor> merged = new ArrayList<>();
        for (NamedTensor own : model.tensors()) {
            if (own.name().startsWith(TrainableModel.OPTIMIZER_PREFIX)) {
                merged.add(own);
                continue;
            }
            NamedTensor weight = stored.get(own.name());
            if (weight == null || !Arrays.equals(weight.shape(), own.shape())) {
                throw UserException.input("--init checkpoint does not fit the model: " + own.name() + " is "
                        + (weight == null ? "missing" : Arrays.toString(weight.shape())) + ", the model needs "
                        + Arrays.toString(own.shape()));
            }
            merged.add(weight);
        }
        return merged;
    }

    /** The training settings stored in a checkpoint written by this class. */
    public static TrainingConfig storedConfig(Checkpoint checkpoint) {
        Object training = checkpoint.state().get("training");
        if (!(training instanceof Map<?, ?>)) {
            throw UserException.input("checkpoint was not written by 'gfncp train' (no training settings in its state)");
        }
        // Merged over the defaults so that checkpoints written before a setting existed still resume.
        return TrainingConfig.fromJson(MAPPER, MAPPER.valueToTree(training), "the checkpoint's training settings");
    }

    /** The last completed iteration stored in a checkpoint. */
    public static long storedIteration(Checkpoint checkpoint) {
        Object iteration = checkpoint.state().get("iteration");
        if (!(iteration instanceof Number n)) {
            throw UserException.input("checkpoint state has no iteration count");
        }
        return n.longValue();
    }

    /**
     * Continues the run stored in {@code checkpoint} up to {@code config.iterations()}; the log keeps its rows up to
     * the checkpoint's iteration.
     *
     * @param config the stored settings, possibly with a new iteration count or checkpoint interval
     */
    public static Result resume(Checkpoint checkpoint, TrainingConfig config, ModelFactory factory, Backend backend,
            Path outDir, Listener listener) throws IOException {
        config.validated();
        long done = storedIteration(checkpoint);
        if (done >= config.iterations()) {
            throw UserException.usage("checkpoint is already at iteration " + done + " of " + config.iterations()
                    + "; pass --iterations with a larger total to continue");
        }
        Object running = checkpoint.state().get("runningLoss");
        double runningLoss = running instanceof Number n ? n.doubleValue() : Double.NaN;
        // "bestSmoothedLoss": checkpoints written before validation selection existed
        Object bestLoss = checkpoint.state().getOrDefault("bestScore", checkpoint.state().get("bestSmoothedLoss"));
        Object bestIteration = checkpoint.state().get("bestIteration");
        Selection best = new Selection(bestIteration instanceof Number n ? n.longValue() : 0,
                bestLoss instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY,
                outDir.resolve(BEST_CHECKPOINT_FILE));
        Path logFile = outDir.resolve(LOG_FILE);
        List<Double> losses = new ArrayList<>();
        Map<Long, Double> validations = new LinkedHashMap<>();
        if (Files.exists(logFile)) {
            TrainingLog.read(logFile).stream().filter(row -> row.iteration() <= done).forEach(row -> {
                losses.add(row.loss());
                if (!Double.isNaN(row.nmi())) {
                    validations.put(row.iteration(), row.nmi());
                }
            });
        }
        Map<String, Object> settings = new LinkedHashMap<>(checkpoint.config());
        settings.putAll(factory.runLengthSettings(config));
        try (TrainableModel model = factory.create(backend, settings, config.seed());
                TrainingLog log = TrainingLog.resume(logFile, done)) {
            model.load(checkpoint.tensors());
            return new TrainingRun(config, model, outDir, listener).loop(done, runningLoss, losses, validations, best, log);
        }
    }

    /**
     * @param losses every loss so far, in iteration order
     * @param validations validation NMI by iteration so far
     */
    private Result loop(long done, double runningLossAtStart, List<Double> losses, Map<Long, Double> validations,
            Selection bestSoFar, TrainingLog log) throws IOException {
        Selection best = bestSoFar;
        ClusterCountRule rule = config.fixedK() != null ? ClusterCountRule.exactly(config.fixedK())
                : ClusterCountRule.between(config.minK(), config.maxK());
        List<MixtureOfGaussians.LabeledSet> validation = config.validateEvery() == 0 ? List.of()
                : generator.testSets(config.validationSets(), config.validationN(), config.alpha(), rule,
                        new RandomStream(streamSeed(config.seed(), 0, 2)));
        double runningLoss = runningLossAtStart;
        double lastNmi = Double.NaN;
        Path checkpointFile = outDir.resolve(CHECKPOINT_FILE);
        long started = System.nanoTime();
        listener.started(done + 1, config.iterations());
        for (long iteration = done + 1; iteration <= config.iterations(); iteration++) {
            RandomStream data = new RandomStream(streamSeed(config.seed(), iteration, 0));
            RandomStream step = new RandomStream(streamSeed(config.seed(), iteration, 1));
            MixtureOfGaussians.Batch batch = generator.batch(config.batch(), config.nMin(), config.nMax(), config.alpha(),
                    rule, config.augmented(), data);
            double loss = model.trainStep(batch, step);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("training loss is " + loss + " at iteration " + iteration
                        + "; the last good checkpoint is " + checkpointFile);
            }
            runningLoss = Double.isNaN(runningLoss) ? loss : RUNNING_LOSS_DECAY * runningLoss + (1 - RUNNING_LOSS_DECAY) * loss;
            losses.add(loss);
            double nmi = Double.NaN;
            if (config.validateEvery() > 0 && (iteration % config.validateEvery() == 0 || iteration == config.iterations())) {
                nmi = validationNmi(validation);
                lastNmi = nmi;
                validations.put(iteration, nmi);
            }
            log.write(new TrainingLog.Row(iteration, loss, nmi, (System.nanoTime() - started) / 1e9));
            listener.iteration(iteration, loss, runningLoss, nmi);
            if (iteration % config.checkpointEvery() == 0 || iteration == config.iterations()) {
                // Only at the regular checkpoint iterations, so that a run split by --resume picks the same model.
                double score = selectionScore(iteration, losses, validations);
                if (iteration % config.checkpointEvery() == 0 && score < best.score()) {
                    best = new Selection(iteration, score, best.file());
                    Checkpoints.write(best.file(), checkpoint(iteration, runningLoss, best));
                }
                Checkpoints.write(checkpointFile, checkpoint(iteration, runningLoss, best));
                listener.checkpointed(iteration, checkpointFile);
            }
        }
        return new Result(config.iterations(), runningLoss, lastNmi, checkpointFile, best);
    }

    /**
     * The score of the model at {@code iteration}, lower is better: the mean of the last {@code selectionWindow}
     * losses (+inf until that many exist), or minus the mean validation NMI of the iterations in that window.
     */
    private double selectionScore(long iteration, List<Double> losses, Map<Long, Double> validations) {
        if (TrainingConfig.SELECT_BY_LOSS.equals(config.selectBy())) {
            return losses.size() >= config.selectionWindow() ? tailMean(losses, config.selectionWindow())
                    : Double.POSITIVE_INFINITY;
        }
        double sum = 0;
        int count = 0;
        for (Map.Entry<Long, Double> v : validations.entrySet()) {
            if (v.getKey() > iteration - config.selectionWindow() && v.getKey() <= iteration) {
                sum += v.getValue();
                count++;
            }
        }
        return count == 0 ? Double.POSITIVE_INFINITY : -sum / count;
    }

    private double validationNmi(List<MixtureOfGaussians.LabeledSet> sets) {
        List<Clustering> clusterings = model.clusterer().clusterAll(sets.stream().map(MixtureOfGaussians.LabeledSet::points).toList());
        double[] nmi = new double[sets.size()];
        for (int i = 0; i < nmi.length; i++) {
            nmi[i] = ClusteringMetrics.nmi(sets.get(i).labels(), clusterings.get(i).labels());
        }
        return ClusteringMetrics.mean(nmi);
    }

    private Checkpoint checkpoint(long iteration, double runningLoss, Selection best) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("iteration", iteration);
        state.put("seed", config.seed());
        state.put("runningLoss", runningLoss);
        if (best.iteration() > 0) {
            state.put("bestIteration", best.iteration());
            state.put("bestScore", best.score());
        }
        state.put("training", Checkpoint.toMap(config));
        return new Checkpoint(model.algorithm(), model.config(), state, model.tensors());
    }

    /**
     * Mean of the last {@code window} losses (of all of them while there are fewer; NaN when there are none): the
     * moving average that selects the best checkpoint, here and in the experiment runner.
     */
    public static double tailMean(List<Double> losses, int window) {
        if (losses.isEmpty()) {
            return Double.NaN;
        }
        int from = Math.max(0, losses.size() - window);
        double sum = 0;
        for (int i = from; i < losses.size(); i++) {
            sum += losses.get(i);
        }
        return sum / (losses.size() - from);
    }

    /** SplitMix64 finalizer over (seed, iteration, purpose): independent, reproducible streams per iteration. */
    public static long streamSeed(long seed, long iteration, long purpose) {
        long z = seed * 0x9E3779B97F4A7C15L + iteration * 0xBF58476D1CE4E5B9L + purpose * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
