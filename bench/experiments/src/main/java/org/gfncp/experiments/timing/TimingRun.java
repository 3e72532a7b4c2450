package org.gfncp.experiments.timing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.MixtureOfGaussians.LabeledSet;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.random.RandomStream;
import org.gfncp.experiments.data.Profile;
import org.gfncp.experiments.data.TestSetSpec;
import org.gfncp.experiments.data.TestSets;
import org.gfncp.experiments.model.ExperimentModel;
import org.gfncp.experiments.model.ModelSource;
import org.gfncp.experiments.model.TrainingPlan;
import org.gfncp.experiments.progress.Progress;
import org.gfncp.experiments.report.Charts;
import org.gfncp.experiments.report.Json;
import org.gfncp.cli.train.TrainingRun;
import org.gfncp.experiments.train.Training;
import org.gfncp.spi.backend.Backend;

/**
 * Times one backend in this JVM: training iterations (warm-up excluded, median) and greedy clustering of single sets
 * of growing N with K fixed. Writes {@code timing.json}, {@code timing.md} and {@code timing-clustering.png}.
 */
public final class TimingRun {

    /**
     * @param plans the training plan per algorithm (the released code's batch 32, N 50..99)
     * @param jvmWarmup training iterations of a throwaway model (another seed) before the first timed one, so that
     *     JIT compilation and the engine's allocator warm-up are not charged to whichever weights are timed first
     * @param warmup unmeasured training iterations first
     * @param measured measured training iterations
     * @param sizes set sizes N for clustering, increasing
     * @param repeats timed sets per N
     * @param clusters K of the clustering sets
     * @param budgetSeconds a size N is skipped (with all larger ones) once one set took longer than this, or when
     *     the growth measured so far predicts it would
     * @param checkpointDir where trained Table 2 (K fixed), else Table 3 models of {@code seed} are looked for; fresh
     *     weights otherwise
     */
    public record Settings(Map<String, TrainingPlan> plans, int jvmWarmup, int warmup, int measured, int[] sizes,
            int repeats, int clusters, double budgetSeconds, Path checkpointDir, long seed, Path outDir) {

        public Settings {
            if (plans.isEmpty() || jvmWarmup < 0 || warmup < 0 || measured < 1 || sizes.length == 0 || repeats < 1
                    || clusters < 1) {
                throw new IllegalArgumentException("timing needs an algorithm, warm-ups >= 0, measured >= 1, sizes, "
                        + "repeats >= 1 and K >= 1");
            }
            sizes = sizes.clone();
            Arrays.sort(sizes);
            if (sizes[0] < clusters) {
                throw new IllegalArgumentException("the smallest N (" + sizes[0] + ") is below K (" + clusters + ")");
            }
            plans = new LinkedHashMap<>(plans);
        }
    }

    private final ModelSource source;
    private final Backend backend;
    private final String device;
    private final int threads;
    private final Progress progress;

    public TimingRun(ModelSource source, Backend backend, String device, int threads, Progress progress) {
        this.source = source;
        this.backend = backend;
        this.device = device;
        this.threads = threads;
        this.progress = progress;
    }

    public TimingResult run(Settings settings) throws IOException {
        List<TimingResult.Training> training = new ArrayList<>();
        List<TimingResult.Clustering> clustering = new ArrayList<>();
        Training loader = new Training(source, backend, 1, Progress.silent());
        for (Map.Entry<String, TrainingPlan> entry : settings.plans().entrySet()) {
            warmUpJvm(entry.getValue(), settings);
            try (ExperimentModel model = source.create(backend, entry.getValue(), settings.seed())) {
                training.add(timeTraining(model, TimingResult.Training.FRESH, entry.getValue(), settings));
            }
            // the plan's data are the code's arbitrary-K sets, so a fixed-K model would be timed off its training
            Path trained = trainedCheckpoint(entry.getKey(), settings, (Integer) null);
            if (trained != null) {
                try (ExperimentModel model = loader.load(trained)) {
                    training.add(timeTraining(model, trainedWeights(trained, settings), entry.getValue(),
                            settings));
                }
            }
        }
        for (Map.Entry<String, TrainingPlan> entry : settings.plans().entrySet()) {
            Path checkpoint = trainedCheckpoint(entry.getKey(), settings, settings.clusters(), null);
            boolean trained = checkpoint != null;
            try (ExperimentModel model = trained ? loader.load(checkpoint)
                    : source.create(backend, entry.getValue(), settings.seed())) {
                clustering.add(timeClustering(model, entry.getKey(),
                        trained ? trainedWeights(checkpoint, settings) : TimingResult.Training.FRESH, settings));
            }
        }
        TimingResult result = new TimingResult(backend.name(), backend.engineVersion(), device, threads, training,
                clustering);
        write(result, settings.outDir());
        return result;
    }

    /**
     * The weights of {@code checkpoint}, named by its path in the checkpoint directory (a tool run's file name says
     * little).
     */
    private static String trainedWeights(Path checkpoint, Settings settings) {
        return TimingResult.Training.trainedOn(
                settings.checkpointDir().relativize(checkpoint).toString().replace('\\', '/'));
    }

    /**
     * The first trained model of the timing seed among the given K settings (a fixed K: the Table 2 checkpoint,
     * null: the arbitrary-K Table 3 one); null when none exists. Clustering prefers the fixed-K model of its sets'
     * K, training the arbitrary-K one.
     */
    static Path trainedCheckpoint(String algorithm, Settings settings, Integer... fixedKs) {
        if (settings.checkpointDir() == null) {
            return null;
        }
        for (Integer fixedK : fixedKs) {
            TrainingPlan plan = TrainingPlan.codeDefaults(algorithm, null, fixedK);
            Path file = Training.checkpointFile(settings.checkpointDir(), plan, settings.seed(), Training.Choice.FINAL);
            if (Files.exists(file)) {
                return file;
            }
            Path toolRun = Training.toolRunDirectory(settings.checkpointDir(), plan, settings.seed())
                    .resolve(TrainingRun.CHECKPOINT_FILE);
            if (Files.exists(toolRun)) {
                return toolRun;
            }
        }
        return null;
    }

    /**
     * Trains a throwaway model of the plan (seed + 1, its own data) so that the first timed weights find the JVM as
     * warm as the later ones: in a cold JVM the first few dozen iterations of any weights are slower.
     */
    private void warmUpJvm(TrainingPlan plan, Settings settings) {
        if (settings.jvmWarmup() == 0) {
            return;
        }
        try (ExperimentModel model = source.create(backend, plan, settings.seed() + 1);
                Progress.Task bar = progress.start(plan.algorithm() + " JVM warm-up", settings.jvmWarmup(), 0)) {
            train(model, plan, new RandomStream(settings.seed() + 1), settings.jvmWarmup(), bar);
        }
    }

    /** Training iterations of {@code model} from its current weights, on the plan's data from the timing seed. */
    private TimingResult.Training timeTraining(ExperimentModel model, String weights, TrainingPlan plan,
            Settings settings) {
        String what = plan.algorithm() + " training it/s" + (weights.equals(TimingResult.Training.FRESH) ? ""
                : ", trained weights");
        double[] all;
        try (Progress.Task bar = progress.start(what, settings.warmup() + settings.measured(), 0)) {
            all = train(model, plan, new RandomStream(settings.seed()), settings.warmup() + settings.measured(), bar);
        }
        double[] seconds = Arrays.copyOfRange(all, settings.warmup(), all.length);
        return new TimingResult.Training(plan.algorithm(), weights, plan.algorithm() + ": " + plan.describeData(),
                settings.jvmWarmup(), settings.warmup(), seconds, ClusteringMetrics.median(seconds));
    }

    /** Wall time of each of {@code iterations} training steps on the plan's data drawn from {@code random}. */
    private static double[] train(ExperimentModel model, TrainingPlan plan, RandomStream random, int iterations,
            Progress.Task bar) {
        MixtureOfGaussians generator = new MixtureOfGaussians();
        double[] seconds = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            MixtureOfGaussians.Batch batch = generator.batch(plan.batch(), plan.nMin(), plan.nMax(), plan.alpha(),
                    plan.rule(), false, random);
            RandomStream step = random.split();
            long start = System.nanoTime();
            double loss = model.trainStep(batch, step);
            seconds[i] = (System.nanoTime() - start) / 1e9;
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException(plan.algorithm() + " loss became " + loss + " while timing");
            }
            bar.step(1);
        }
        return seconds;
    }

    private TimingResult.Clustering timeClustering(ExperimentModel model, String algorithm, String weights,
            Settings settings) {
        List<TimingResult.Size> sizes = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        // one small decode first so that class loading and JIT warm-up are not timed
        model.greedy(List.<double[][]>of(sets(settings, settings.sizes()[0], 1).get(0).points()));
        boolean overBudget = false;
        try (Progress.Task bar = progress.start(algorithm + " clustering time", settings.sizes().length, 0)) {
            for (int n : settings.sizes()) {
                if (overBudget || predictedSeconds(sizes, n) > settings.budgetSeconds()) {
                    overBudget = true;
                    skipped.add(n);
                    bar.step(1);
                    continue;
                }
                List<LabeledSet> sets = sets(settings, n, settings.repeats());
                double[] seconds = new double[sets.size()];
                double clusters = 0;
                for (int r = 0; r < seconds.length; r++) {
                    long start = System.nanoTime();
                    Clustering c = model.greedy(List.<double[][]>of(sets.get(r).points())).get(0);
                    seconds[r] = (System.nanoTime() - start) / 1e9;
                    clusters += c.clusters();
                    if (seconds[r] > settings.budgetSeconds()) {
                        overBudget = true;
                        seconds = Arrays.copyOf(seconds, r + 1);
                        clusters = clusters * seconds.length / (r + 1);
                        break;
                    }
                }
                sizes.add(new TimingResult.Size(n, seconds, ClusteringMetrics.median(seconds), clusters / seconds.length));
                bar.step(1);
            }
        }
        double slope = Double.NaN;
        if (sizes.size() >= 2) {
            double[] x = new double[sizes.size()];
            double[] y = new double[sizes.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = sizes.get(i).n();
                y[i] = sizes.get(i).medianSeconds();
            }
            slope = LogLogFit.of(x, y).slope();
        }
        return new TimingResult.Clustering(algorithm, weights, settings.clusters(), sizes, slope, skipped);
    }

    /**
     * Time one set of size {@code n} is expected to take, extrapolated from the largest sizes measured so far with
     * their observed growth exponent (at least linear); 0 before the first measurement.
     */
    static double predictedSeconds(List<TimingResult.Size> measured, int n) {
        if (measured.isEmpty()) {
            return 0;
        }
        TimingResult.Size last = measured.get(measured.size() - 1);
        double exponent = 1;
        if (measured.size() >= 2) {
            TimingResult.Size before = measured.get(measured.size() - 2);
            exponent = Math.max(1, LogLogFit.of(new double[] {before.n(), last.n()},
                    new double[] {Math.max(before.medianSeconds(), 1e-9), Math.max(last.medianSeconds(), 1e-9)})
                    .slope());
        }
        return last.medianSeconds() * Math.pow((double) n / last.n(), exponent);
    }

    /** Fresh 2D MoG sets of size n with K fixed, from the timing seed (the same sets on every backend). */
    private static List<LabeledSet> sets(Settings settings, int n, int count) {
        return TestSets.generate(new TestSetSpec(Profile.C, n, count, settings.clusters(), settings.seed() + n));
    }

    /** Writes one backend's JSON, Markdown and log-log plot. */
    static void write(TimingResult result, Path out) throws IOException {
        Json.write(out.resolve("timing.json"), result);
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (TimingResult.Clustering c : result.clustering()) {
            double[][] xy = new double[2][c.sizes().size()];
            for (int i = 0; i < c.sizes().size(); i++) {
                xy[0][i] = c.sizes().get(i).n();
                xy[1][i] = c.sizes().get(i).medianSeconds();
            }
            curves.put(String.format(Locale.ROOT, "%s %s (slope %.2f)", result.backend(), c.algorithm(), c.slope()),
                    xy);
        }
        Charts.logLog("greedy clustering time per set, K fixed (" + result.backend() + ")", "N (points per set)",
                "seconds per set", curves, out.resolve("timing-clustering.png"));
        Json.writeText(out.resolve("timing.md"), TimingReport.markdown(List.of(result)));
    }
}
