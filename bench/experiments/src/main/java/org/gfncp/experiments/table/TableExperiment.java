package org.gfncp.experiments.table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.MixtureOfGaussians.LabeledSet;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.metric.Summary;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.experiments.data.TestSetSpec;
import org.gfncp.experiments.data.TestSets;
import org.gfncp.experiments.eval.Aggregate;
import org.gfncp.experiments.eval.DecodingMode;
import org.gfncp.experiments.eval.Evaluation;
import org.gfncp.experiments.eval.Metric;
import org.gfncp.experiments.eval.ScoreStore;
import org.gfncp.experiments.eval.SeedResult;
import org.gfncp.experiments.eval.SetScores;
import org.gfncp.experiments.model.TrainingPlan;
import org.gfncp.experiments.progress.Progress;
import org.gfncp.experiments.report.Charts;
import org.gfncp.experiments.report.Json;
import org.gfncp.experiments.report.MarkdownTable;
import org.gfncp.experiments.train.Training;

/**
 * Runs one table: for every algorithm and seed, trains (or reuses) the model, evaluates it on every benchmark, and
 * writes {@code <out>/<table>.md}, {@code <out>/<table>.json} and {@code <out>/<table>-nmi-per-seed-*.png}.
 */
public final class TableExperiment {

    /**
     * What to run.
     *
     * @param plans the training plan per algorithm, in row order
     * @param seeds training seeds (one model per algorithm and seed)
     * @param benchmarks the test benchmarks, one table each
     * @param decoding how every model decodes the test sets
     */
    public record Settings(TableKind kind, Map<String, TrainingPlan> plans, List<Long> seeds,
            List<TestSetSpec> benchmarks, Path testSetDir, Path checkpointDir, Training.Choice choice, Path outDir,
            DecodingMode decoding) {

        public Settings {
            if (plans.isEmpty() || seeds.isEmpty() || benchmarks.isEmpty()) {
                throw new IllegalArgumentException("a table needs at least one algorithm, seed and benchmark");
            }
            plans = new LinkedHashMap<>(plans);
            seeds = List.copyOf(seeds);
            benchmarks = List.copyOf(benchmarks);
        }
    }

    /**
     * The results of one algorithm: per seed, per benchmark (in {@link Settings#benchmarks()} order).
     *
     * @param plan what the first seed's model was trained on (the planned run, or a named run's stored settings)
     */
    public record AlgorithmResults(String algorithm, TrainingPlan plan, List<List<SeedResult>> perBenchmark) {
    }

    /** Everything a table run produced. */
    public record Result(List<AlgorithmResults> algorithms, Path markdown, Path json, List<Path> plots) {
    }

    private final Training training;
    private final String backendName;
    private final String device;
    private final Progress progress;
    private final ScoreStore store;

    /**
     * @param backendName the evaluating backend's name and engine, e.g. {@code "djl (PyTorch 2.7.1 via DJL)"}
     * @param device the device in words, e.g. {@code "CPU: 2 cores, ..."}
     */
    public TableExperiment(Training training, String backendName, String device, Progress progress) {
        this(training, backendName, device, progress, null);
    }

    /** @param store evaluations to reuse and keep, or null to evaluate every model afresh */
    public TableExperiment(Training training, String backendName, String device, Progress progress,
            ScoreStore store) {
        this.training = training;
        this.backendName = backendName;
        this.device = device;
        this.progress = progress;
        this.store = store;
    }

    public Result run(Settings settings) throws IOException {
        List<List<LabeledSet>> benchmarks = new ArrayList<>();
        for (TestSetSpec spec : settings.benchmarks()) {
            benchmarks.add(TestSets.loadOrCreate(settings.testSetDir(), spec));
        }
        List<AlgorithmResults> all = new ArrayList<>();
        for (Map.Entry<String, TrainingPlan> entry : settings.plans().entrySet()) {
            List<List<SeedResult>> perBenchmark = new ArrayList<>();
            settings.benchmarks().forEach(b -> perBenchmark.add(new ArrayList<>()));
            TrainingPlan trained = null;
            for (long seed : settings.seeds()) {
                Training.Outcome outcome = training.trainOrLoad(entry.getValue(), seed, settings.checkpointDir(),
                        settings.choice());
                trained = trained == null ? outcome.plan() : trained;
                try (var model = outcome.model()) {
                    for (int b = 0; b < benchmarks.size(); b++) {
                        TestSetSpec spec = settings.benchmarks().get(b);
                        String task = String.format(Locale.ROOT, "%s seed %d, %s N=%d", entry.getKey(), seed,
                                spec.profile(), spec.setSize());
                        List<LabeledSet> sets = benchmarks.get(b);
                        DecodingMode decoding = settings.decoding();
                        SetScores scores = store == null ? Evaluation.evaluate(model, sets, decoding, task, progress)
                                : store.scores(entry.getKey(), model.tensors(), backendName, spec, decoding,
                                        () -> Evaluation.evaluate(model, sets, decoding, task, progress));
                        perBenchmark.get(b).add(new SeedResult(seed, outcome.plan().iterations(),
                                outcome.trainedOn(), outcome.checkpoint().toString(), scores));
                    }
                }
            }
            all.add(new AlgorithmResults(entry.getKey(), trained, perBenchmark));
        }
        List<Summary[]> oracle = new ArrayList<>();
        for (List<LabeledSet> sets : benchmarks) {
            oracle.add(oracle(sets));
        }
        return write(settings, all, oracle);
    }

    /** NMI and ARI of the Bayes-optimal labels under each set's true parameters: the ceiling for any method. */
    static Summary[] oracle(List<LabeledSet> sets) {
        MixtureOfGaussians generator = new MixtureOfGaussians();
        double[] nmi = new double[sets.size()];
        double[] ari = new double[sets.size()];
        for (int i = 0; i < nmi.length; i++) {
            int[] labels = generator.oracleLabels(sets.get(i));
            nmi[i] = ClusteringMetrics.nmi(sets.get(i).labels(), labels);
            ari[i] = ClusteringMetrics.ari(sets.get(i).labels(), labels);
        }
        return new Summary[] {Summary.of(nmi), Summary.of(ari)};
    }

    private Result write(Settings settings, List<AlgorithmResults> all, List<Summary[]> oracle) throws IOException {
        String base = settings.kind().id();
        Path markdown = settings.outDir().resolve(base + ".md");
        Path json = settings.outDir().resolve(base + ".json");
        List<Path> plots = new ArrayList<>();
        for (int b = 0; b < settings.benchmarks().size(); b++) {
            TestSetSpec spec = settings.benchmarks().get(b);
            Map<String, double[]> nmi = new LinkedHashMap<>();
            for (AlgorithmResults a : all) {
                nmi.put(a.algorithm().toUpperCase(Locale.ROOT), Aggregate.of(a.perBenchmark().get(b), Metric.NMI).perSeed());
            }
            Path plot = settings.outDir().resolve(String.format(Locale.ROOT, "%s-nmi-per-seed-%s-n%d.png", base,
                    spec.profile(), spec.setSize()));
            Charts.perSeedBars(settings.kind().title() + ", profile " + spec.profile() + ", N=" + spec.setSize(),
                    "mean NMI over test sets", nmi, plot);
            plots.add(plot);
        }
        Json.writeText(markdown, markdown(settings, all, plots, oracle));
        Json.write(json, json(settings, all));
        return new Result(all, markdown, json, plots);
    }

    String markdown(Settings settings, List<AlgorithmResults> all, List<Path> plots, List<Summary[]> oracle) {
        StringBuilder md = new StringBuilder();
        TableKind kind = settings.kind();
        md.append("# GFNCP ").append(kind.title()).append(": NCP vs GFNCP reproduction\n\n");
        md.append(settings.decoding().describe())
                .append("; metrics per test set, averaged over sets; `mean ± std` is across training seeds ")
                .append(seedList(settings.seeds())).append(" (population std). MC is the released code's ")
                .append("marginal consistency of the decoded labels divided by N (`MC_pred/N`, epsilon 1e-5); ")
                .append("`MC_gt` is the same on the ground-truth labels (the paper's wording). Checkpoint: ")
                .append(settings.choice().name().toLowerCase(Locale.ROOT)).append(".\n\n");
        md.append("Training (the released code's settings, spec 1.5/2.5, with the run's overrides; or named "
                + "`gfncp train` runs):\n");
        for (AlgorithmResults a : all) {
            md.append("- ").append(a.plan().describe()).append("; trained on ")
                    .append(trainedOn(a)).append('\n');
        }
        md.append('\n');
        for (int b = 0; b < settings.benchmarks().size(); b++) {
            TestSetSpec spec = settings.benchmarks().get(b);
            md.append("## Profile ").append(spec.profile()).append(", N = ").append(spec.setSize()).append("\n\n");
            md.append("**").append(kind.title()).append("** | backend: ").append(backendName).append(" | device: ")
                    .append(device).append(" | iterations: ").append(iterations(all)).append(" | ")
                    .append(spec.describe()).append("\n\n");
            MarkdownTable main = new MarkdownTable(List.of("Method", "NMI", "ARI", "MC"));
            for (AlgorithmResults a : all) {
                List<SeedResult> seeds = a.perBenchmark().get(b);
                main.row(List.of(a.algorithm().toUpperCase(Locale.ROOT),
                        MarkdownTable.meanStd(Aggregate.of(seeds, Metric.NMI).acrossSeeds(), 3),
                        MarkdownTable.meanStd(Aggregate.of(seeds, Metric.ARI).acrossSeeds(), 3),
                        MarkdownTable.meanStd(Aggregate.of(seeds, Metric.MC_PRED).acrossSeeds(), 2)));
            }
            main.row(List.of("Oracle (true means; ± over sets)", MarkdownTable.meanStd(oracle.get(b)[0], 3),
                    MarkdownTable.meanStd(oracle.get(b)[1], 3), "—"));
            md.append(main.render()).append('\n');
            md.append("Spread across test sets (mean over seeds of each seed's std across the ")
                    .append(spec.sets()).append(" sets), and means of the other recorded quantities:\n\n");
            MarkdownTable spread = new MarkdownTable(List.of("Method", "NMI std(sets)", "ARI std(sets)",
                    "MC std(sets)", "MC_gt", "K_pred", "K_true", "decode s/set"));
            for (AlgorithmResults a : all) {
                List<SeedResult> seeds = a.perBenchmark().get(b);
                double decode = 0;
                for (SeedResult s : seeds) {
                    decode += s.scores().decodeSeconds() / s.scores().sets();
                }
                spread.row(List.of(a.algorithm().toUpperCase(Locale.ROOT),
                        MarkdownTable.number(Aggregate.of(seeds, Metric.NMI).acrossSets(), 3),
                        MarkdownTable.number(Aggregate.of(seeds, Metric.ARI).acrossSets(), 3),
                        MarkdownTable.number(Aggregate.of(seeds, Metric.MC_PRED).acrossSets(), 2),
                        MarkdownTable.meanStd(Aggregate.of(seeds, Metric.MC_GT).acrossSeeds(), 2),
                        MarkdownTable.number(Aggregate.of(seeds, Metric.K_PRED).acrossSeeds().mean(), 2),
                        MarkdownTable.number(Aggregate.of(seeds, Metric.K_TRUE).acrossSeeds().mean(), 2),
                        MarkdownTable.number(decode / seeds.size(), 4)));
            }
            md.append(spread.render()).append('\n');
            MarkdownTable perSeed = new MarkdownTable(List.of("Method", "seed", "NMI", "ARI", "MC", "MC_gt"));
            for (AlgorithmResults a : all) {
                for (SeedResult s : a.perBenchmark().get(b)) {
                    perSeed.row(List.of(a.algorithm().toUpperCase(Locale.ROOT), Long.toString(s.seed()),
                            MarkdownTable.meanStd(s.scores().summary(Metric.NMI), 3),
                            MarkdownTable.meanStd(s.scores().summary(Metric.ARI), 3),
                            MarkdownTable.meanStd(s.scores().summary(Metric.MC_PRED), 2),
                            MarkdownTable.meanStd(s.scores().summary(Metric.MC_GT), 2)));
                }
            }
            md.append("Per seed (mean ± std across sets):\n\n").append(perSeed.render()).append('\n');
            md.append("![NMI per seed](").append(plots.get(b).getFileName()).append(")\n\n");
        }
        md.append("## Paper values (").append(kind.title()).append(", MoG row)\n\n");
        MarkdownTable paper = new MarkdownTable(List.of("Method", "NMI", "ARI", "MC"));
        for (AlgorithmResults a : all) {
            String[] row = kind.paperRow(a.algorithm());
            if (row != null) {
                paper.row(List.of(a.algorithm().toUpperCase(Locale.ROOT), row[0], row[1], row[2]));
            }
        }
        md.append(paper.render()).append('\n');
        md.append("The paper does not say which evaluation profile or MC variant produced its numbers (spec 6, 8.5).\n");
        return md.toString();
    }

    private static String seedList(List<Long> seeds) {
        return seeds.toString().replace("[", "{").replace("]", "}");
    }

    /** Per algorithm, its seeds' iteration counts, e.g. {@code ncp 600, gfncp 750/675/800}. */
    private static String iterations(List<AlgorithmResults> all) {
        List<String> parts = new ArrayList<>();
        for (AlgorithmResults a : all) {
            List<String> counts = a.perBenchmark().get(0).stream().map(s -> Integer.toString(s.iterations()))
                    .distinct().toList();
            parts.add(a.algorithm() + " " + String.join("/", counts));
        }
        return String.join(", ", parts);
    }

    private static String trainedOn(AlgorithmResults a) {
        List<String> backends = new ArrayList<>();
        for (SeedResult s : a.perBenchmark().get(0)) {
            if (!backends.contains(s.trainedOn())) {
                backends.add(s.trainedOn());
            }
        }
        return String.join(", ", backends);
    }

    private Map<String, Object> json(Settings settings, List<AlgorithmResults> all) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("table", settings.kind().id());
        root.put("title", settings.kind().title());
        root.put("backend", backendName);
        root.put("device", device);
        root.put("checkpointChoice", settings.choice().name().toLowerCase(Locale.ROOT));
        root.put("decoding", settings.decoding().toString());
        root.put("seeds", settings.seeds());
        List<Object> benchmarks = new ArrayList<>();
        for (TestSetSpec spec : settings.benchmarks()) {
            Map<String, Object> b = new LinkedHashMap<>(Checkpoint.toMap(spec));
            b.put("file", spec.fileName());
            b.put("generationAlpha", spec.generationAlpha());
            benchmarks.add(b);
        }
        root.put("benchmarks", benchmarks);
        List<Object> algorithms = new ArrayList<>();
        for (AlgorithmResults a : all) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("algorithm", a.algorithm());
            entry.put("plan", Checkpoint.toMap(a.plan()));
            List<Object> results = new ArrayList<>();
            for (int b = 0; b < settings.benchmarks().size(); b++) {
                Map<String, Object> perBenchmark = new LinkedHashMap<>();
                perBenchmark.put("benchmark", settings.benchmarks().get(b).fileName());
                Map<String, Object> aggregates = new LinkedHashMap<>();
                for (Metric metric : Metric.values()) {
                    Aggregate agg = Aggregate.of(a.perBenchmark().get(b), metric);
                    aggregates.put(metric.label(), Map.of("mean", agg.acrossSeeds().mean(), "stdAcrossSeeds",
                            agg.acrossSeeds().std(), "meanStdAcrossSets", agg.acrossSets()));
                }
                perBenchmark.put("aggregates", aggregates);
                List<Object> seeds = new ArrayList<>();
                for (SeedResult s : a.perBenchmark().get(b)) {
                    Map<String, Object> seed = new LinkedHashMap<>();
                    seed.put("seed", s.seed());
                    seed.put("iterations", s.iterations());
                    seed.put("trainedOn", s.trainedOn());
                    seed.put("checkpoint", s.checkpoint());
                    seed.put("decodeSeconds", s.scores().decodeSeconds());
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (Metric metric : Metric.values()) {
                        values.put(metric.label(), s.scores().get(metric));
                    }
                    seed.put("perSet", values);
                    seeds.add(seed);
                }
                perBenchmark.put("seeds", seeds);
                results.add(perBenchmark);
            }
            entry.put("results", results);
            algorithms.add(entry);
        }
        root.put("algorithms", algorithms);
        return root;
    }
}
