package org.gfncp.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.experiments.model.BuiltInModels;
import org.gfncp.experiments.model.TrainingPlan;
import org.gfncp.experiments.progress.Progress;
import org.gfncp.experiments.train.Training;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import picocli.CommandLine.Option;

/** Options shared by every experiment command. */
final class CommonOptions {

    @Option(names = "--algorithms", split = ",", defaultValue = "ncp,gfncp",
            description = "Algorithms, in table row order (default: ${DEFAULT-VALUE}).")
    List<String> algorithms;

    @Option(names = "--seeds", defaultValue = "3", description = "Training seeds per algorithm (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed-base", defaultValue = "123",
            description = "First training seed; seeds are base, base+1, ... (default: ${DEFAULT-VALUE}, the code's seed).")
    long seedBase;

    @Option(names = "--seed-list", split = ",", paramLabel = "SEED",
            description = "Explicit training seeds, e.g. 123,125 (overrides --seeds and --seed-base).")
    List<Long> explicitSeeds;

    @Option(names = "--iterations",
            description = "Training iterations: one number for all algorithms or algorithm=count pairs, e.g. "
                    + "gfncp=500,ncp=200 (default: the code's 20000 for GFNCP, 3500 for NCP).")
    String iterations;

    @Option(names = "--batch", description = "Override the training batch (default: GFNCP 32, NCP 64).")
    Integer batch;

    @Option(names = "--train-n", split = ",",
            description = "Override training set sizes as min,max (max exclusive; default: GFNCP 50,100, NCP 5,100).")
    List<Integer> trainN;

    @Option(names = "--model-setting", split = ",",
            description = "Model settings key=value, e.g. hidden=32,encodingDimension=32 (network sizes for quick runs); "
                    + "algorithm:key=value sets one algorithm's only, e.g. gfncp:objective=TELESCOPING beside NCP.")
    Map<String, String> modelSettings;

    @Option(names = "--backend", description = "Backend name (reference, djl, dl4j, tensorflow); default: selection rules.")
    String backend;

    @Option(names = "--threads", defaultValue = "1", description = "Intra-op threads of the backend (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--out", description = "Output directory (default: results/experiments/<command>).")
    Path out;

    @Option(names = "--checkpoint-dir", defaultValue = "results/experiments/checkpoints",
            description = "Trained models: reused when complete, continued when shorter (default: ${DEFAULT-VALUE}).")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "500",
            description = "Iterations between atomic checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--checkpoint", defaultValue = "final",
            description = "Which checkpoint to evaluate: final or best (lowest 500-iteration loss average); default ${DEFAULT-VALUE}.")
    Training.Choice choice;

    @Option(names = "--test-set-dir", defaultValue = "results/experiments/test-sets",
            description = "Stored test benchmarks, shared by all algorithms and backends (default: ${DEFAULT-VALUE}).")
    Path testSetDir;

    @Option(names = "--test-seed", defaultValue = "20250",
            description = "Fixed seed of the test benchmarks (default: ${DEFAULT-VALUE}).")
    long testSeed;

    @Option(names = "--no-progress", description = "No progress bars.")
    boolean noProgress;

    @Option(names = "--runs", split = ",", paramLabel = "ALGORITHM=DIR",
            description = "Evaluate these 'gfncp train' output directories instead of training, whatever their "
                    + "settings (fine-tunes with --init, say); " + Training.SEED_PLACEHOLDER + " in DIR stands for "
                    + "each seed, e.g. gfncp=runs/p-seed" + Training.SEED_PLACEHOLDER + ".")
    Map<String, String> runs;

    List<Long> seedList() {
        if (explicitSeeds != null) {
            if (explicitSeeds.isEmpty() || new java.util.HashSet<>(explicitSeeds).size() != explicitSeeds.size()) {
                throw new IllegalArgumentException("--seed-list needs distinct seeds, got " + explicitSeeds);
            }
            return List.copyOf(explicitSeeds);
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        List<Long> out = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            out.add(seedBase + s);
        }
        return out;
    }

    /** Per algorithm, the code's training plan with the user's overrides. */
    Map<String, TrainingPlan> plans(Integer fixedK) {
        Map<String, Integer> counts = iterationCounts();
        Map<String, TrainingPlan> plans = new LinkedHashMap<>();
        for (String name : algorithms) {
            String algorithm = name.trim().toLowerCase(Locale.ROOT);
            TrainingPlan plan = TrainingPlan.codeDefaults(algorithm, counts.getOrDefault(algorithm,
                    counts.get("*")), fixedK);
            plans.put(algorithm, overridden(plan));
        }
        return plans;
    }

    TrainingPlan overridden(TrainingPlan plan) {
        TrainingPlan out = plan;
        if (batch != null) {
            out = out.withBatch(batch);
        }
        if (trainN != null) {
            if (trainN.size() != 2) {
                throw new IllegalArgumentException("--train-n needs min,max, got " + trainN);
            }
            out = out.withSetSizes(trainN.get(0), trainN.get(1));
        }
        if (modelSettings != null) {
            Map<String, Object> parsed = new LinkedHashMap<>();
            modelSettings.forEach((key, v) -> {
                int colon = key.indexOf(':');
                if (colon < 0) {
                    parsed.put(key, parseValue(v));
                } else if (settingAlgorithm("--model-setting", key.substring(0, colon)).equals(plan.algorithm())) {
                    parsed.put(key.substring(colon + 1).trim(), parseValue(v));
                }
            });
            if (!parsed.isEmpty()) {
                out = out.withModelSettings(parsed);
            }
        }
        return out;
    }

    /** An algorithm named by a setting ({@code algorithm:key}, {@code --runs}), which must be one of this run's. */
    private String settingAlgorithm(String option, String prefix) {
        String name = prefix.trim().toLowerCase(Locale.ROOT);
        boolean known = algorithms.stream().anyMatch(a -> a.trim().toLowerCase(Locale.ROOT).equals(name));
        if (!known) {
            throw new IllegalArgumentException(option + " names algorithm '" + prefix + "', which is not among "
                    + "--algorithms " + String.join(",", algorithms));
        }
        return name;
    }

    private Map<String, Integer> iterationCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (iterations == null || iterations.isBlank()) {
            return counts;
        }
        for (String part : iterations.split(",")) {
            String[] kv = part.split("=", 2);
            try {
                if (kv.length == 1) {
                    counts.put("*", Integer.parseInt(kv[0].trim()));
                } else {
                    counts.put(kv[0].trim().toLowerCase(Locale.ROOT), Integer.parseInt(kv[1].trim()));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--iterations takes a number or algorithm=number pairs, got '"
                        + iterations + "'", e);
            }
        }
        return counts;
    }

    static Object parseValue(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException notInt) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notDouble) {
                return v;
            }
        }
    }

    Path outDir(String command) throws IOException {
        Path dir = out != null ? out : Path.of("results", "experiments", command);
        Files.createDirectories(dir);
        return dir;
    }

    /** Trains or loads each algorithm's models, taking those of --runs from their directories. */
    Training training(Backend backend) {
        Training training = new Training(new BuiltInModels(), backend, checkpointEvery, progress());
        if (runs == null) {
            return training;
        }
        runs.keySet().forEach(name -> settingAlgorithm("--runs", name));
        for (Map.Entry<String, String> run : runs.entrySet()) {
            if (!run.getValue().contains(Training.SEED_PLACEHOLDER) && seedList().size() > 1) {
                throw new IllegalArgumentException("--runs " + run.getKey() + "=" + run.getValue() + " names one "
                        + "directory for " + seedList().size() + " seeds; put " + Training.SEED_PLACEHOLDER
                        + " where the seed goes");
            }
        }
        return training.withRuns(runs);
    }

    Backend openBackend() {
        BackendConfig config = new BackendConfig(threads, 1, BackendConfig.gpuRequested());
        return BackendSelector.fromClasspath().open(backend, config).backend();
    }

    Progress progress() {
        return noProgress ? Progress.silent() : Progress.console(System.err);
    }
}
