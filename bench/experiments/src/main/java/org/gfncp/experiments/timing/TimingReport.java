package org.gfncp.experiments.timing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.gfncp.experiments.report.Charts;
import org.gfncp.experiments.report.Json;
import org.gfncp.experiments.report.MarkdownTable;

/**
 * Merges several backends' {@code timing.json} into one side-by-side table with ratios to the fastest backend and
 * to the official PyTorch GFNCP code on this machine.
 */
public final class TimingReport {

    /** Seconds per training iteration of the official GFNCP PyTorch code on this 2-core CPU (issue 3). */
    public static final double PYTORCH_SECONDS_PER_ITERATION = 1.85;

    private TimingReport() {
    }

    /**
     * Reads {@code <dir>/<backend>/timing.json} for every backend that has one and writes {@code <dir>/timing.md},
     * {@code <dir>/timing.json} and {@code <dir>/timing-clustering.png}.
     *
     * @return the backends merged
     */
    public static List<String> merge(Path dir, List<String> backends) throws IOException {
        List<TimingResult> results = new ArrayList<>();
        List<String> merged = new ArrayList<>();
        for (String backend : backends) {
            Path file = dir.resolve(backend).resolve("timing.json");
            if (Files.exists(file)) {
                results.add(Json.mapper().readValue(file.toFile(), TimingResult.class));
                merged.add(backend);
            }
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no timing.json under " + dir + " for backends " + backends);
        }
        Json.writeText(dir.resolve("timing.md"), markdown(results));
        Json.write(dir.resolve("timing.json"), results);
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (TimingResult r : results) {
            for (TimingResult.Clustering c : r.clustering()) {
                double[][] xy = new double[2][c.sizes().size()];
                for (int i = 0; i < c.sizes().size(); i++) {
                    xy[0][i] = c.sizes().get(i).n();
                    xy[1][i] = c.sizes().get(i).medianSeconds();
                }
                curves.put(String.format(Locale.ROOT, "%s %s (slope %.2f)", r.backend(), c.algorithm(), c.slope()), xy);
            }
        }
        Charts.logLog("greedy clustering time per set, K fixed", "N (points per set)", "seconds per set", curves,
                dir.resolve("timing-clustering.png"));
        return merged;
    }

    /** The side-by-side Markdown of one or more backends. */
    public static String markdown(List<TimingResult> results) {
        StringBuilder md = new StringBuilder("# Timing per backend\n\n");
        md.append("One JVM per backend, native threads pinned. Device: ").append(results.get(0).device())
                .append(".\n\n");
        md.append("## Training iterations (released code's settings; warm-up excluded, median)\n\n");
        List<String> algorithms = new ArrayList<>();
        for (TimingResult r : results) {
            for (TimingResult.Training t : r.training()) {
                if (!algorithms.contains(t.algorithm())) {
                    algorithms.add(t.algorithm());
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("Backend", "engine", "threads", "weights"));
        for (String a : algorithms) {
            String name = a.toUpperCase(Locale.ROOT);
            header.addAll(List.of(name + " s/it", name + " it/s", name + " x fastest"));
            if (a.equals("gfncp")) {
                header.add("GFNCP speed-up vs PyTorch code (" + PYTORCH_SECONDS_PER_ITERATION + " s/it)");
            }
        }
        MarkdownTable train = new MarkdownTable(header);
        List<String> trainedFrom = new ArrayList<>();
        for (TimingResult r : results) {
            for (boolean trained : new boolean[] {false, true}) {
                if (r.training().stream().noneMatch(t -> t.trained() == trained)) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(r.backend(), r.engine(), Integer.toString(r.threads()),
                        trained ? "trained" : "fresh"));
                for (String a : algorithms) {
                    TimingResult.Training t = training(r, a, trained);
                    double fastest = fastestTraining(results, a, trained);
                    row.add(t == null ? "n/a" : MarkdownTable.number(t.medianSeconds(), 3));
                    row.add(t == null ? "n/a" : MarkdownTable.number(t.iterationsPerSecond(), 3));
                    row.add(t == null ? "n/a" : MarkdownTable.number(t.medianSeconds() / fastest, 2));
                    if (a.equals("gfncp")) {
                        row.add(t == null ? "n/a"
                                : MarkdownTable.number(PYTORCH_SECONDS_PER_ITERATION / t.medianSeconds(), 2) + "x");
                    }
                    String from = t == null || t.checkpoint() == null ? null : a + ": " + t.checkpoint();
                    if (from != null && !trainedFrom.contains(from)) {
                        trainedFrom.add(from);
                    }
                }
                train.row(row);
            }
        }
        md.append(train.render()).append('\n');
        for (String a : algorithms) {
            TimingResult.Training t = training(results.get(0), a, false);
            if (t != null) {
                md.append("- ").append(t.plan()).append(", ").append(t.warmup()).append(" warm-up + ")
                        .append(t.seconds().length).append(" measured iterations").append(t.jvmWarmup() == 0
                                ? " (the first weights timed in a cold JVM)"
                                : ", after " + t.jvmWarmup() + " iterations of a throwaway model warmed the JVM")
                        .append('\n');
            }
        }
        if (!trainedFrom.isEmpty()) {
            md.append("- trained: the same iterations continued from the trained model (").append(
                    String.join(", ", trainedFrom)).append("), whose contrastive samples are shaped like the ")
                    .append("data's, as for most of a training run; an untrained policy's are not\n");
        }
        md.append("\n\"x fastest\" is seconds per iteration over the fastest backend's from the same weights (1.00 = ")
                .append("fastest). The speed-up vs PyTorch is 1.85 s/it divided by ours (above 1 = faster than the ")
                .append("official code).\n\n");
        md.append("## Greedy clustering time per set (one set per call, median)\n\n");
        TreeSet<Integer> sizes = new TreeSet<>();
        for (TimingResult r : results) {
            for (TimingResult.Clustering c : r.clustering()) {
                c.sizes().forEach(s -> sizes.add(s.n()));
                sizes.addAll(c.skipped());
            }
        }
        List<String> cheader = new ArrayList<>(List.of("Backend", "Method", "weights"));
        for (int n : sizes) {
            cheader.add("N=" + n + " s");
        }
        cheader.addAll(List.of("K found (largest N)", "log-log slope", "linear in N?", "x fastest (largest common N)"));
        MarkdownTable cluster = new MarkdownTable(cheader);
        for (TimingResult r : results) {
            for (TimingResult.Clustering c : r.clustering()) {
                List<String> row = new ArrayList<>(List.of(r.backend(), c.algorithm().toUpperCase(Locale.ROOT),
                        c.model()));
                for (int n : sizes) {
                    TimingResult.Size s = size(c, n);
                    row.add(s != null ? MarkdownTable.number(s.medianSeconds(), 4)
                            : c.skipped().contains(n) ? "skipped (budget)" : "n/a");
                }
                TimingResult.Size last = c.sizes().isEmpty() ? null : c.sizes().get(c.sizes().size() - 1);
                row.add(last == null ? "n/a" : MarkdownTable.number(last.meanClustersFound(), 1));
                row.add(MarkdownTable.number(c.slope(), 2));
                row.add(Double.isNaN(c.slope()) ? "n/a" : c.linear() ? "yes" : "no");
                row.add(relativeToFastest(results, c));
                cluster.row(row);
            }
        }
        md.append(cluster.render()).append('\n');
        md.append("Sets are fresh 2D MoG sets with K fixed to ").append(results.get(0).clustering().isEmpty() ? "?"
                : results.get(0).clustering().get(0).clusters())
                .append(" (the same sets on every backend). The slope is the least-squares exponent of time ~ N^slope;")
                .append(" |slope - 1| <= ").append(LogLogFit.LINEAR_TOLERANCE).append(" counts as linear. ")
                .append("\"K found\" matters: decoding cost grows with the clusters the model opens, so untrained ")
                .append("weights that open many clusters are slower than trained ones.\n\n");
        md.append("![clustering time](timing-clustering.png)\n");
        return md.toString();
    }

    private static TimingResult.Training training(TimingResult r, String algorithm, boolean trained) {
        for (TimingResult.Training t : r.training()) {
            if (t.algorithm().equals(algorithm) && t.trained() == trained) {
                return t;
            }
        }
        return null;
    }

    private static double fastestTraining(List<TimingResult> results, String algorithm, boolean trained) {
        double best = Double.POSITIVE_INFINITY;
        for (TimingResult r : results) {
            TimingResult.Training t = training(r, algorithm, trained);
            if (t != null) {
                best = Math.min(best, t.medianSeconds());
            }
        }
        return best;
    }

    private static TimingResult.Size size(TimingResult.Clustering c, int n) {
        for (TimingResult.Size s : c.sizes()) {
            if (s.n() == n) {
                return s;
            }
        }
        return null;
    }

    /** Time at the largest N every backend measured for this algorithm, over the fastest backend's time there. */
    private static String relativeToFastest(List<TimingResult> results, TimingResult.Clustering c) {
        int common = Integer.MAX_VALUE;
        for (TimingResult r : results) {
            for (TimingResult.Clustering other : r.clustering()) {
                if (other.algorithm().equals(c.algorithm())) {
                    int largest = other.sizes().isEmpty() ? 0 : other.sizes().get(other.sizes().size() - 1).n();
                    common = Math.min(common, largest);
                }
            }
        }
        TimingResult.Size mine = size(c, common);
        if (mine == null) {
            return "n/a";
        }
        double best = Double.POSITIVE_INFINITY;
        for (TimingResult r : results) {
            for (TimingResult.Clustering other : r.clustering()) {
                TimingResult.Size s = other.algorithm().equals(c.algorithm()) ? size(other, common) : null;
                if (s != null) {
                    best = Math.min(best, s.medianSeconds());
                }
            }
        }
        return MarkdownTable.number(mine.medianSeconds() / best, 2) + " (N=" + common + ")";
    }
}
