package org.gfncp.experiments.sdpp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.core.algo.pointwise.Consistency;
import org.gfncp.core.data.MixtureOfGaussians.LabeledSet;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.metric.Distributions;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.metric.Summary;
import org.gfncp.core.random.RandomStream;
import org.gfncp.experiments.data.TestSetSpec;
import org.gfncp.experiments.data.TestSets;
import org.gfncp.experiments.model.ExperimentModel;
import org.gfncp.experiments.model.TrainingPlan;
import org.gfncp.experiments.progress.Progress;
import org.gfncp.experiments.report.Charts;
import org.gfncp.experiments.report.Json;
import org.gfncp.experiments.report.MarkdownTable;
import org.gfncp.experiments.train.Training;

/**
 * SDPP per test set for every algorithm and seed: the clustering is the most probable of {@code samples} policy
 * samples (the code) or the ground truth (the paper's data pair), scored under {@code permutations} random orders
 * plus the original one. Writes {@code sdpp.md}, {@code sdpp.json}, {@code sdpp-histogram.png} and
 * {@code sdpp-ecdf.png}.
 */
public final class SdppExperiment {

    /** Which clustering of each set is permuted. */
    public enum Clusterings {
        /** The most probable of the policy samples (GFNCP code). */
        SAMPLED,
        /** The ground-truth labels (the paper's "data pair (c, x)"). */
        TRUTH
    }

    /**
     * @param samples policy samples per set (100 in the code)
     * @param permutations random orders per set (500 in the code); the original order is added
     */
    public record Settings(Map<String, TrainingPlan> plans, List<Long> seeds, TestSetSpec sets, int samples,
            int permutations, Clusterings clusterings, Path testSetDir, Path checkpointDir, Training.Choice choice,
            Path outDir) {

        public Settings {
            if (plans.isEmpty() || seeds.isEmpty()) {
                throw new IllegalArgumentException("SDPP needs at least one algorithm and seed");
            }
            if (samples < 1 || permutations < 1) {
                throw new IllegalArgumentException("SDPP needs samples >= 1 and permutations >= 1, got " + samples
                        + " and " + permutations);
            }
            plans = new LinkedHashMap<>(plans);
            seeds = List.copyOf(seeds);
        }
    }

    /** Per algorithm, SDPP of every set, seeds concatenated in order. */
    public record Result(Map<String, double[]> sdpp, Path markdown, Path json, Path histogram, Path ecdf) {
    }

    private final Training training;
    private final String backendName;
    private final String device;
    private final Progress progress;

    public SdppExperiment(Training training, String backendName, String device, Progress progress) {
        this.training = training;
        this.backendName = backendName;
        this.device = device;
        this.progress = progress;
    }

    public Result run(Settings settings) throws IOException {
        List<LabeledSet> sets = TestSets.loadOrCreate(settings.testSetDir(), settings.sets());
        Map<String, double[]> pooled = new LinkedHashMap<>();
        Map<String, List<double[]>> perSeed = new LinkedHashMap<>();
        Map<String, List<String>> trained = new LinkedHashMap<>();
        for (Map.Entry<String, TrainingPlan> entry : settings.plans().entrySet()) {
            List<double[]> seeds = new ArrayList<>();
            for (long seed : settings.seeds()) {
                Training.Outcome outcome = training.trainOrLoad(entry.getValue(), seed, settings.checkpointDir(),
                        settings.choice());
                trained.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                        .add("seed " + seed + ": " + outcome.plan().describe() + "; " + outcome.trainedOn());
                try (ExperimentModel model = outcome.model()) {
                    seeds.add(sdpp(model, sets, settings, seed, entry.getKey() + " seed " + seed + " SDPP"));
                }
            }
            perSeed.put(entry.getKey(), seeds);
            pooled.put(entry.getKey().toUpperCase(Locale.ROOT), concat(seeds));
        }
        Path out = settings.outDir();
        Path histogram = out.resolve("sdpp-histogram.png");
        Path ecdf = out.resolve("sdpp-ecdf.png");
        Charts.sdppHistogram(pooled, histogram);
        Charts.sdppEcdf(pooled, ecdf);
        Path markdown = out.resolve("sdpp.md");
        Json.writeText(markdown, markdown(settings, trained, pooled, perSeed, histogram, ecdf));
        Path json = out.resolve("sdpp.json");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("backend", backendName);
        root.put("device", device);
        root.put("sets", Checkpoint.toMap(settings.sets()));
        root.put("samples", settings.samples());
        root.put("permutations", settings.permutations());
        root.put("clusterings", settings.clusterings().name().toLowerCase(Locale.ROOT));
        root.put("seeds", settings.seeds());
        Map<String, Object> values = new LinkedHashMap<>();
        perSeed.forEach((name, list) -> values.put(name, list));
        root.put("sdppPerSeedPerSet", values);
        Json.write(json, root);
        return new Result(pooled, markdown, json, histogram, ecdf);
    }

    private double[] sdpp(ExperimentModel model, List<LabeledSet> sets, Settings settings, long seed, String task) {
        double[] out = new double[sets.size()];
        RandomStream random = new RandomStream(seed ^ 0x5DD99L);
        try (Progress.Task bar = progress.start(task, sets.size(), 0)) {
            for (int i = 0; i < out.length; i++) {
                double[][] points = sets.get(i).points();
                int[] labels = settings.clusterings() == Clusterings.TRUTH ? sets.get(i).labels()
                        : model.sample(points, settings.samples(), random.nextLong()).get(0).labels();
                out[i] = Consistency.sdpp(model::logProbs, points, labels, settings.permutations(), random.split());
                bar.step(1);
            }
        }
        return out;
    }

    private String markdown(Settings settings, Map<String, List<String>> trained, Map<String, double[]> pooled,
            Map<String, List<double[]>> perSeed, Path histogram, Path ecdf) {
        StringBuilder md = new StringBuilder("# SDPP: NCP vs GFNCP (2D MoG)\n\n");
        md.append("SDPP = std / mean of a clustering's sequential probability over ").append(settings.permutations())
                .append(" random point orders plus the original (GFNCP eq. 32); lower means more order-consistent. ")
                .append("Clustering per set: ")
                .append(settings.clusterings() == Clusterings.SAMPLED
                        ? "the most probable of " + settings.samples() + " policy samples (GFNCP code)"
                        : "the ground truth (paper's data pair)")
                .append(". Seeds ").append(settings.seeds()).append(", pooled.\n\n");
        md.append("**SDPP** | backend: ").append(backendName).append(" | device: ").append(device)
                .append(" | test sets: ").append(settings.sets().describe()).append("\n\n");
        md.append("Models:\n");
        trained.values().forEach(lines -> lines.forEach(line -> md.append("- ").append(line).append('\n')));
        md.append('\n');
        MarkdownTable table = new MarkdownTable(List.of("Method", "sets", "mean", "median", "25%", "75%", "90%",
                "P(SDPP <= 0.1)", "P(SDPP <= 0.5)"));
        for (Map.Entry<String, double[]> entry : pooled.entrySet()) {
            double[] v = entry.getValue();
            double[] sorted = sorted(v);
            Distributions.Ecdf cdf = Distributions.ecdf(v);
            table.row(List.of(entry.getKey(), Integer.toString(v.length), MarkdownTable.number(ClusteringMetrics.mean(v), 3),
                    MarkdownTable.number(quantile(sorted, 0.5), 3), MarkdownTable.number(quantile(sorted, 0.25), 3),
                    MarkdownTable.number(quantile(sorted, 0.75), 3), MarkdownTable.number(quantile(sorted, 0.9), 3),
                    MarkdownTable.number(cdf.at(0.1), 3), MarkdownTable.number(cdf.at(0.5), 3)));
        }
        md.append(table.render()).append('\n');
        md.append(perSeedSection(settings.seeds(), perSeed));
        md.append("![SDPP histogram](").append(histogram.getFileName()).append(")\n\n");
        md.append("![SDPP ECDF](").append(ecdf.getFileName()).append(")\n\n");
        md.append("The paper shows SDPP only as figures (Figs. 1 and 5, for MNIST and ImageNet): GFNCP puts more mass ")
                .append("at low SDPP than NCP. There are no numeric values to compare with.\n");
        return md.toString();
    }

    /**
     * Each seed's mean, median and 90th percentile, their mean ± std across seeds (the spec's protocol), and on how
     * many sets each method's SDPP is below the first method's under the same seed (the sets are the same for all).
     */
    static String perSeedSection(List<Long> seeds, Map<String, List<double[]>> perSeed) {
        String first = perSeed.keySet().iterator().next();
        String firstName = first.toUpperCase(Locale.ROOT);
        String below = "below " + firstName + " on";
        MarkdownTable bySeed = new MarkdownTable(List.of("Method", "seed", "mean", "median", "90%", below));
        MarkdownTable acrossSeeds = new MarkdownTable(List.of("Method", "mean", "median", "90%", below));
        for (Map.Entry<String, List<double[]>> entry : perSeed.entrySet()) {
            String name = entry.getKey().toUpperCase(Locale.ROOT);
            List<double[]> values = entry.getValue();
            double[][] stats = new double[3][values.size()];
            double[] belowFraction = new double[values.size()];
            for (int s = 0; s < values.size(); s++) {
                double[] v = values.get(s);
                double[] sorted = sorted(v);
                stats[0][s] = ClusteringMetrics.mean(v);
                stats[1][s] = quantile(sorted, 0.5);
                stats[2][s] = quantile(sorted, 0.9);
                String count = "";
                if (!entry.getKey().equals(first)) {
                    int n = countBelow(v, perSeed.get(first).get(s));
                    belowFraction[s] = (double) n / v.length;
                    count = n + " of " + v.length;
                }
                bySeed.row(List.of(name, Long.toString(seeds.get(s)), MarkdownTable.number(stats[0][s], 3),
                        MarkdownTable.number(stats[1][s], 3), MarkdownTable.number(stats[2][s], 3), count));
            }
            acrossSeeds.row(List.of(name, MarkdownTable.meanStd(Summary.of(stats[0]), 3),
                    MarkdownTable.meanStd(Summary.of(stats[1]), 3), MarkdownTable.meanStd(Summary.of(stats[2]), 3),
                    entry.getKey().equals(first) ? "" : MarkdownTable.meanStd(Summary.of(belowFraction), 2)
                            + " of the sets"));
        }
        return "Per seed (" + below + ": sets where the method's SDPP is lower than " + firstName
                + "'s under the same seed):\n\n" + bySeed.render() + "\nAcross seeds (mean ± std of the per-seed "
                + "statistic):\n\n" + acrossSeeds.render() + '\n';
    }

    static int countBelow(double[] values, double[] reference) {
        if (values.length != reference.length) {
            throw new IllegalArgumentException("paired SDPP needs the same sets: " + values.length + " against "
                    + reference.length);
        }
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] < reference[i]) {
                n++;
            }
        }
        return n;
    }

    private static double[] sorted(double[] v) {
        double[] out = v.clone();
        Arrays.sort(out);
        return out;
    }

    static double quantile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : ClusteringMetrics.quantile(sorted, q);
    }

    private static double[] concat(List<double[]> parts) {
        int total = 0;
        for (double[] p : parts) {
            total += p.length;
        }
        double[] out = new double[total];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
