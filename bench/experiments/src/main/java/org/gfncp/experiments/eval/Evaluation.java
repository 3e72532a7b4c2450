package org.gfncp.experiments.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.core.data.MixtureOfGaussians.LabeledSet;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.experiments.model.ExperimentModel;
import org.gfncp.experiments.progress.Progress;

/** A benchmark decoded (greedily, by beam search or by sampling) and its per-set scores (spec 0.8, 6). */
public final class Evaluation {

    /** Sets decoded and scored per call: large enough to batch well, small enough for a smooth progress bar. */
    static final int CHUNK = 128;

    private Evaluation() {
    }

    public static SetScores evaluate(ExperimentModel model, List<LabeledSet> sets, DecodingMode decoding, String task,
            Progress progress) {
        Map<Metric, double[]> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            values.put(metric, new double[sets.size()]);
        }
        double decodeSeconds = 0;
        try (Progress.Task bar = progress.start(task, sets.size(), 0)) {
            for (int from = 0; from < sets.size(); from += CHUNK) {
                List<LabeledSet> chunk = sets.subList(from, Math.min(sets.size(), from + CHUNK));
                List<double[][]> points = new ArrayList<>(chunk.size());
                List<int[]> truth = new ArrayList<>(chunk.size());
                for (LabeledSet set : chunk) {
                    points.add(set.points());
                    truth.add(set.labels());
                }
                long start = System.nanoTime();
                List<List<Clustering>> decoded = decoding.decode(model, points, from);
                decodeSeconds += (System.nanoTime() - start) / 1e9;
                if (decoded.size() != chunk.size() || decoded.stream().anyMatch(List::isEmpty)) {
                    throw new IllegalStateException(model.algorithm() + " returned clusterings for " + decoded.size()
                            + " of " + chunk.size() + " sets, or none for some");
                }
                // MC and K of the most probable clustering; NMI and ARI averaged over the scored ones
                List<int[]> predicted = new ArrayList<>(chunk.size());
                decoded.forEach(c -> predicted.add(c.get(0).labels()));
                double[] mcPred = model.marginalConsistency(points, predicted);
                double[] mcGt = model.marginalConsistency(points, truth);
                for (int i = 0; i < chunk.size(); i++) {
                    int at = from + i;
                    int[] labels = truth.get(i);
                    List<Clustering> scored = decoded.get(i);
                    values.get(Metric.NMI)[at] = scored.stream()
                            .mapToDouble(c -> ClusteringMetrics.nmi(labels, c.labels())).average().orElseThrow();
                    values.get(Metric.ARI)[at] = scored.stream()
                            .mapToDouble(c -> ClusteringMetrics.ari(labels, c.labels())).average().orElseThrow();
                    values.get(Metric.MC_PRED)[at] = mcPred[i];
                    values.get(Metric.MC_GT)[at] = mcGt[i];
                    values.get(Metric.K_PRED)[at] = scored.get(0).clusters();
                    values.get(Metric.K_TRUE)[at] = chunk.get(i).clusters();
                }
                bar.step(chunk.size());
            }
        }
        return new SetScores(values, decodeSeconds);
    }
}
