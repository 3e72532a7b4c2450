package org.gfncp.cli;

import org.gfncp.cli.error.ExitCodes;
import org.gfncp.cli.error.UserException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gfncp.cli.model.ModelFactory;
import org.gfncp.cli.model.TrainingConfig;
import org.gfncp.cli.train.TrainingRun;
import org.gfncp.core.io.AtomicFiles;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;
import org.gfncp.spi.backend.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfncp train}: trains a model on generated 2D mixture-of-Gaussians sets, or resumes a run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model on generated 2D mixture-of-Gaussians sets.",
            "Writes <out>/checkpoint.ckpt (atomically, every --checkpoint-every iterations and at the end), "
                    + "<out>/best.ckpt (the checkpoint with the lowest moving average of the last --selection-window "
                    + "losses, or with --select-by validation the highest mean validation NMI in that window), "
                    + "<out>/train-log.csv (iteration,loss,nmi,elapsed_s) and <out>/config.json.",
            "A JSON --config file holds TrainingConfig fields (algorithm, seed, iterations, batch, nMin, nMax, alpha, "
                    + "minK, maxK, fixedK, augmented, checkpointEvery, validateEvery, validationSets, validationN, "
                    + "threads, selectionWindow, selectBy, model); flags override it."})
public final class TrainCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON training config.")
    Path configFile;

    @Option(names = "--algorithm", paramLabel = "NAME", description = "Algorithm to train (gfncp or ncp; default gfncp).")
    String algorithm;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend: reference, djl, dl4j or tensorflow (the engine ones need their Maven profile).")
    String backend;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (default 1).")
    Integer threads;

    @Option(names = "--seed", description = "Seed for initialization, data and sampling (default 123).")
    Long seed;

    @Option(names = "--iterations", paramLabel = "T", description = "Total iterations (default 2000).")
    Integer iterations;

    @Option(names = "--batch", paramLabel = "B", description = "Sets per iteration (default 32).")
    Integer batch;

    @Option(names = "--n-min", paramLabel = "N", description = "Smallest set size, inclusive (default 50).")
    Integer nMin;

    @Option(names = "--n-max", paramLabel = "N", description = "Largest set size, exclusive (default 100).")
    Integer nMax;

    @Option(names = "--fixed-k", paramLabel = "K", description = "Train on partitions with exactly K clusters.")
    Integer fixedK;

    @Option(names = "--checkpoint-every", paramLabel = "I", description = "Iterations between checkpoints (default 500).")
    Integer checkpointEvery;

    @Option(names = "--validate-every", paramLabel = "I", description = "Iterations between validation NMI runs; 0 = never (default 100).")
    Integer validateEvery;

    @Option(names = "--selection-window", paramLabel = "I",
            description = "Losses averaged to pick best.ckpt at each checkpoint (default 500).")
    Integer selectionWindow;

    @Option(names = "--select-by", paramLabel = "RULE",
            description = "What picks best.ckpt: loss (default, the lowest loss average) or validation (the highest "
                    + "mean validation NMI over the selection window; needs --validate-every dividing --checkpoint-every).")
    String selectBy;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: gfncp-run, or the resumed checkpoint's directory).")
    Path out;

    @Option(names = "--init", paramLabel = "CHECKPOINT",
            description = "Start from this checkpoint's weights with a fresh optimizer and schedule (fine-tuning).")
    Path init;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "Continue exactly from this checkpoint (pass --iterations to extend the total).")
    Path resume;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    public TrainCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        TrainingRun.Result result;
        TrainingConfig config;
        Path outDir;
        if (resume != null) {
            Checkpoint checkpoint = Checkpoints.read(resume);
            for (Object given : new Object[] {configFile, seed, batch, nMin, nMax, fixedK, selectionWindow, selectBy, init}) {
                if (given != null) {
                    throw UserException.usage("--resume continues the stored run; only --iterations, --checkpoint-every, "
                            + "--validate-every, --backend, --threads and --out may be given with it");
                }
            }
            config = TrainingRun.storedConfig(checkpoint);
            if (algorithm != null && !algorithm.equalsIgnoreCase(checkpoint.algorithm())) {
                throw UserException.usage("--algorithm " + algorithm + " does not match the checkpoint's algorithm "
                        + checkpoint.algorithm());
            }
            config = overrideRunLength(config);
            outDir = out != null ? out : resume.toAbsolutePath().getParent();
            ModelFactory factory = context.algorithms().get(checkpoint.algorithm());
            try (Backend engine = openBackend(config);
                    TrainingProgress progress = new TrainingProgress(noProgress ? null : context.progress(), config.algorithm())) {
                writeConfig(outDir, config);
                result = TrainingRun.resume(checkpoint, config, factory, engine, outDir, progress);
            }
        } else {
            config = configFile != null ? TrainingConfig.load(configFile) : TrainingConfig.defaults();
            if (algorithm != null) {
                config = config.withAlgorithm(algorithm);
            }
            if (seed != null) {
                config = config.withSeed(seed);
            }
            if (batch != null) {
                config = config.withBatch(batch);
            }
            if (nMin != null || nMax != null) {
                config = config.withSetSizes(nMin != null ? nMin : config.nMin(), nMax != null ? nMax : config.nMax());
            }
            if (fixedK != null) {
                config = config.withFixedK(fixedK);
            }
            if (selectionWindow != null) {
                config = config.withSelectionWindow(selectionWindow);
            }
            if (selectBy != null) {
                config = config.withSelectBy(selectBy);
            }
            Checkpoint initial = null;
            if (init != null) {
                initial = Checkpoints.read(init);
                config = config.withInit(init.toString());
            }
            config = overrideRunLength(config).validated();
            ModelFactory factory = context.algorithms().get(config.algorithm());
            outDir = out != null ? out : Path.of("gfncp-run");
            try (Backend engine = openBackend(config);
                    TrainingProgress progress = new TrainingProgress(noProgress ? null : context.progress(), config.algorithm())) {
                writeConfig(outDir, config);
                result = TrainingRun.start(config, factory, engine, outDir, progress, initial);
            }
        }
        context.out().printf(Locale.ROOT, "trained %s to iteration %d: running loss %.5g%s%n", config.algorithm(),
                result.lastIteration(), result.runningLoss(),
                Double.isNaN(result.lastNmi()) ? "" : String.format(Locale.ROOT, ", validation NMI %.4f", result.lastNmi()));
        context.out().println("checkpoint: " + result.checkpoint());
        if (result.best().iteration() > 0) {
            boolean byLoss = TrainingConfig.SELECT_BY_LOSS.equals(config.selectBy());
            context.out().printf(Locale.ROOT, "best:       %s (iteration %d, mean %s of the last %d iterations: %.5g)%n",
                    result.best().file(), result.best().iteration(), byLoss ? "loss" : "validation NMI",
                    config.selectionWindow(), byLoss ? result.best().score() : -result.best().score());
        }
        context.out().println("log:        " + outDir.resolve(TrainingRun.LOG_FILE));
        return ExitCodes.OK;
    }

    private TrainingConfig overrideRunLength(TrainingConfig config) {
        TrainingConfig c = config;
        if (iterations != null) {
            c = c.withIterations(iterations);
        }
        if (checkpointEvery != null) {
            c = c.withCheckpointEvery(checkpointEvery);
        }
        if (validateEvery != null) {
            c = c.withValidateEvery(validateEvery);
        }
        if (backend != null) {
            c = c.withBackend(backend);
        }
        if (threads != null) {
            c = c.withThreads(threads);
        }
        return c.validated();
    }

    private Backend openBackend(TrainingConfig config) {
        return context.backends().open(config.backend(), config.threads()).backend();
    }

    static void writeConfig(Path outDir, TrainingConfig config) throws IOException {
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(config);
        AtomicFiles.write(outDir.resolve("config.json"), o -> o.write(json));
    }
}
