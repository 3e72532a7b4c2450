package org.gfncp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.error.ExitCodes;
import org.gfncp.cli.error.UserException;
import org.gfncp.cli.io.TrainingLog;
import org.gfncp.cli.model.LoadedModel;
import org.gfncp.cli.model.TopClusterings;
import org.gfncp.cli.model.TrainingConfig;
import org.gfncp.cli.plot.Plots;
import org.gfncp.cli.train.TrainingRun;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.metric.Summary;
import org.gfncp.spi.backend.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gfncp demo}: the project's main job in one command. Loads the shipped model (or trains a small one when it
 * is absent), clusters fresh generated 2D mixtures greedily in batches, prints NMI/ARI and timing, and draws the
 * three most likely clusterings of one set and the model's training curve.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Cluster fresh 2D mixture-of-Gaussians sets with the shipped model (models/gfncp-mog2d) and "
                + "print NMI/ARI (mean ± std over sets) and timing; write <out>/clusterings.png (the three most likely "
                + "clusterings of the first set, with probabilities) and <out>/training.png (the model's training curve).",
            "Without a shipped model, a small model is trained first (progress bar on standard error)."})
public final class DemoCommand implements Callable<Integer> {

    /** Where the shipped model lives, relative to the repository root. */
    static final Path SHIPPED_MODEL = Path.of("models", "gfncp-mog2d");

    private final CliContext context;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model folder with checkpoint.ckpt and train-log.csv; trained there first when it has no "
                    + "checkpoint (default: models/gfncp-mog2d, looked up from the working directory and its parents, "
                    + "else a model trained into <out>/model).")
    Path modelDir;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/demo", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--draws", defaultValue = "100",
            description = "Samples drawn to find the most likely clusterings of the plotted set (default ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--train-iterations", paramLabel = "T", defaultValue = "150",
            description = "Iterations of the fallback model trained when no model is found (default ${DEFAULT-VALUE}).")
    int trainIterations;

    @Option(names = "--train-config", paramLabel = "FILE",
            description = "JSON training config of the fallback model (default: batch 16, N 20..49, GFNCP defaults).")
    Path trainConfig;

    @Option(names = "--no-progress", description = "Do not draw a progress bar while training the fallback model.")
    boolean noProgress;

    @Mixin
    GeneratedSetOptions generated;

    @Mixin
    BackendOptions backendOptions;

    public DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        if (draws < 1) {
            throw UserException.usage("--draws must be at least 1, got " + draws);
        }
        Path model = modelDir != null ? modelDir : findShipped();
        Path checkpoint = model == null ? null : model.resolve(TrainingRun.CHECKPOINT_FILE);
        if (checkpoint == null || !Files.isRegularFile(checkpoint)) {
            model = modelDir != null ? modelDir : out.resolve("model");
            context.out().println("no trained model at " + (modelDir != null ? modelDir : SHIPPED_MODEL)
                    + "; training a small one into " + model + " first");
            context.out().flush();
            checkpoint = trainFallback(model);
        }
        List<MixtureOfGaussians.LabeledSet> sets = generated.generate();
        List<double[][]> points = sets.stream().map(MixtureOfGaussians.LabeledSet::points).toList();
        double[] nmi = new double[sets.size()];
        double[] ari = new double[sets.size()];
        List<Clustering> best;
        String backendName;
        Checkpoint stored;
        double seconds;
        try (LoadedModel loaded = LoadedModel.open(checkpoint, context.algorithms(), context.backends(),
                backendOptions.backend(), backendOptions.threads())) {
            stored = loaded.checkpoint();
            backendName = loaded.backendName();
            loaded.validate(points, "generated sets", context.err());
            long start = System.nanoTime();
            List<Clustering> predicted = loaded.decode(points, null, null, done -> { });
            seconds = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < sets.size(); i++) {
                nmi[i] = ClusteringMetrics.nmi(sets.get(i).labels(), predicted.get(i).labels());
                ari[i] = ClusteringMetrics.ari(sets.get(i).labels(), predicted.get(i).labels());
            }
            best = TopClusterings.of(loaded.clusterer(), points.get(0), draws, generated.seed, 3);
        }
        Object iterations = stored.state().get("iteration");
        context.out().println(stored.algorithm() + " model " + checkpoint + (iterations != null ? " (" + iterations
                + " training iterations)" : "") + " on backend " + backendName + ", greedy decoding");
        context.out().println(generated.describe());
        context.out().printf(Locale.ROOT, "NMI  %s%n", Summary.of(nmi).format(4));
        context.out().printf(Locale.ROOT, "ARI  %s%n", Summary.of(ari).format(4));
        context.out().printf(Locale.ROOT, "time %.2f s for %d sets (%.1f ms per set, batches of %d)%n", seconds,
                sets.size(), 1000 * seconds / sets.size(), LoadedModel.CHUNK);

        Path clusterPlot = out.resolve("clusterings.png");
        Plots.clusterings(points.get(0), best, clusterPlot);
        for (int i = 0; i < best.size(); i++) {
            context.out().printf(Locale.ROOT, "set 1, clustering #%d: p=%.4g, K=%d, NMI %.4f%n", i + 1,
                    best.get(i).probability(), best.get(i).clusters(),
                    ClusteringMetrics.nmi(sets.get(0).labels(), best.get(i).labels()));
        }
        context.out().println("wrote " + clusterPlot);
        Path log = model.resolve(TrainingRun.LOG_FILE);
        if (Files.isRegularFile(log) && !TrainingLog.read(log).isEmpty()) {
            Path curve = out.resolve("training.png");
            Plots.training(Map.of(stored.algorithm(), TrainingLog.read(log)), 50, curve);
            context.out().println("wrote " + curve);
        } else {
            context.out().println("no training log at " + log + "; skipped the training curve");
        }
        return ExitCodes.OK;
    }

    /** {@link #SHIPPED_MODEL} below the working directory or one of its parents, or null. */
    private static Path findShipped() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(SHIPPED_MODEL))) {
                return dir.resolve(SHIPPED_MODEL);
            }
        }
        return null;
    }

    private Path trainFallback(Path dir) throws IOException {
        TrainingConfig config = trainConfig != null ? TrainingConfig.load(trainConfig)
                : TrainingConfig.defaults().withBatch(16).withSetSizes(20, 50).withValidateEvery(50);
        config = config.withIterations(trainIterations).withThreads(backendOptions.threads());
        if (backendOptions.backend() != null) {
            config = config.withBackend(backendOptions.backend());
        }
        config = config.validated();
        try (Backend engine = context.backends().open(config.backend(), config.threads()).backend();
                TrainingProgress progress = new TrainingProgress(noProgress ? null : context.progress(), "train")) {
            TrainCommand.writeConfig(dir, config);
            TrainingRun.Result result = TrainingRun.start(config, context.algorithms().get(config.algorithm()), engine,
                    dir, progress);
            return result.checkpoint();
        }
    }
}
