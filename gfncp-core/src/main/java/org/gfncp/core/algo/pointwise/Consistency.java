package org.gfncp.core.algo.pointwise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.random.RandomStream;

/**
 * Order-consistency metrics of a trained point-wise model (spec 0.8): marginal consistency MC and SDPP.
 */
public final class Consistency {

    /** The GFNCP code's epsilon inside the logs of MC. */
    public static final double CODE_EPSILON = 1e-5;

    private Consistency() {
    }

    /**
     * MC per set: the sum over steps of the squared flow-matching residuals (code form, epsilon 1e-5) divided by
     * N, for the given labels. With greedy labels this is the code's {@code MC_pred/N}; with ground-truth labels
     * it is the paper's reading ({@code MC_gt}).
     */
    public static double[] marginalConsistency(PointwiseClusterer model, List<double[][]> sets, List<int[]> labels) {
        if (sets.size() != labels.size()) {
            throw new IllegalArgumentException(sets.size() + " sets but " + labels.size() + " labelings");
        }
        double[] out = new double[sets.size()];
        // one teacher-forced pass per group of equally sized sets
        Map<Integer, List<Integer>> bySize = new LinkedHashMap<>();
        for (int s = 0; s < sets.size(); s++) {
            if (sets.get(s).length < 2 || labels.get(s).length != sets.get(s).length) {
                throw new IllegalArgumentException("set " + s + " needs at least 2 points and one label per point");
            }
            bySize.computeIfAbsent(sets.get(s).length, k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<Integer, List<Integer>> group : bySize.entrySet()) {
            int n = group.getKey();
            List<Integer> members = group.getValue();
            int from = 0;
            while (from < members.size()) {
                // grow the chunk while its candidate slots fit the budget (always at least one set)
                int to = from + 1;
                long slots = slots(n, labels.get(members.get(from)));
                while (to < members.size() && to - from < PointwiseClusterer.INFERENCE_BATCH
                        && slots + slots(n, labels.get(members.get(to))) <= SLOT_BUDGET) {
                    slots += slots(n, labels.get(members.get(to)));
                    to++;
                }
                List<Integer> chunk = members.subList(from, to);
                double[][][] x = new double[chunk.size()][][];
                int[][] c = new int[chunk.size()][];
                for (int i = 0; i < x.length; i++) {
                    x[i] = sets.get(chunk.get(i));
                    c[i] = Partitions.relabel(labels.get(chunk.get(i)));
                }
                double[] mc;
                try {
                    mc = residuals(model, x, c);
                } catch (EnergyOverflowException e) {
                    throw e.relocated(chunk.get(e.set()), e.point());
                }
                for (int i = 0; i < mc.length; i++) {
                    out[chunk.get(i)] = mc[i] / n;
                }
                from = to;
            }
        }
        return out;
    }

    /**
     * Candidate slots (step, cluster) of one teacher-forced pass: every activation of the pass has this many rows
     * of the hidden width, so the budget bounds its memory (about 64 MiB per float activation at H = 128), for
     * any set size and cluster count: 128 sets of N = 300 with 25 clusters would need 1M slots.
     */
    static final long SLOT_BUDGET = 1 << 17;

    /** Upper bound of the candidate slots of a labeled set: N steps of at most K + 1 candidates. */
    private static long slots(int n, int[] labels) {
        return (long) n * (Partitions.clusterCount(labels) + 1);
    }

    /** MC on the model's own greedy labels ({@code MC_pred/N}), per set. */
    public static double[] marginalConsistencyOfPredictions(PointwiseClusterer model, List<double[][]> sets) {
        List<int[]> predicted = new ArrayList<>();
        for (Clustering c : model.clusterAll(sets)) {
            predicted.add(c.labels());
        }
        return marginalConsistency(model, sets, predicted);
    }

    private static double[] residuals(PointwiseClusterer model, double[][][] sets, int[][] labels) {
        PointwiseEnergy energy = model.energy();
        try (TensorScope scope = model.backend().openScope()) {
            Encodings enc = energy.encode(model.diff().constant(energy.points(sets)), null, false);
            TeacherForced tf = energy.teacherForced(enc, labels, false);
            EnergyOverflowException.requireResolved(model.diff().ops(), tf, energy.dtype());
            return model.diff().ops().toDoubles(FlowMatching.residuals(model.diff(), tf, CODE_EPSILON).value());
        }
    }

    /**
     * SDPP (GFNCP eq. 32) of one clustering: the coefficient of variation of its sequential probability over
     * {@code permutations} random orders plus the original order. Each order permutes points and labels and
     * relabels; all orders are scored in batched teacher-forced passes.
     */
    public static double sdpp(PointwiseClusterer model, double[][] points, int[] labels, int permutations,
            RandomStream random) {
        return sdpp(model::logProbs, points, labels, permutations, random);
    }

    /** Sequential log-probabilities of labeled sets of one size, in one call (a model's teacher-forced pass). */
    @FunctionalInterface
    public interface LogProbability {
        double[] of(double[][][] sets, int[][] labels);
    }

    /** SDPP under any sequential model given by its batched log-probability function. */
    public static double sdpp(LogProbability model, double[][] points, int[] labels, int permutations,
            RandomStream random) {
        if (permutations < 1) {
            throw new IllegalArgumentException("SDPP needs at least one permutation, got " + permutations);
        }
        if (labels.length != points.length) {
            throw new IllegalArgumentException(points.length + " points but " + labels.length + " labels");
        }
        int total = permutations + 1;
        double[] logProbs = new double[total];
        for (int from = 0; from < total; from += PointwiseClusterer.INFERENCE_BATCH) {
            int count = Math.min(PointwiseClusterer.INFERENCE_BATCH, total - from);
            double[][][] x = new double[count][][];
            int[][] c = new int[count][];
            for (int i = 0; i < count; i++) {
                if (from + i == 0) {
                    x[i] = points;
                    c[i] = labels;
                } else {
                    int[] perm = random.permutation(points.length);
                    x[i] = Partitions.permute(points, perm);
                    c[i] = Partitions.permute(labels, perm);
                }
            }
            double[] lp = model.of(x, c);
            System.arraycopy(lp, 0, logProbs, from, count);
        }
        return ClusteringMetrics.sdpp(logProbs);
    }

    /**
     * SDPP as the GFNCP code computes it: the clustering is the most probable of {@code samples} policy samples,
     * then scored under {@code permutations} orders (500 in the code) plus the original.
     */
    public static double sdppOfMostLikely(PointwiseClusterer model, double[][] points, int samples,
            int permutations, long seed) {
        RandomStream random = new RandomStream(seed);
        Clustering best = model.sample(points, samples, random.nextLong()).get(0);
        return sdpp(model, points, best.labels(), permutations, random);
    }
}
