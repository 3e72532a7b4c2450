package org.gfncp.core.metric;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-set clustering metrics (spec 0.8). Labels may be arbitrary ints; only equality matters. Every method rejects
 * label arrays of different lengths or empty arrays.
 */
public final class ClusteringMetrics {

    private ClusteringMetrics() {
    }

    /**
     * Normalized mutual information with arithmetic normalization {@code I / ((H(Y) + H(Ŷ)) / 2)}, the sklearn
     * default. Returns 1 when both labelings have a single cluster and 0 when the mutual information is 0.
     */
    public static double nmi(int[] truth, int[] predicted) {
        Contingency c = Contingency.of(truth, predicted);
        if (c.rows() == 1 && c.columns() == 1) {
            return 1.0;
        }
        double n = c.total();
        double mi = 0;
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.columns(); j++) {
                long nij = c.count(i, j);
                if (nij > 0) {
                    mi += nij / n * Math.log(nij * n / ((double) c.rowSum(i) * c.columnSum(j)));
                }
            }
        }
        // Exact zeros (independent labelings) must not turn into tiny negative rounding noise.
        mi = Math.max(mi, 0.0);
        if (mi == 0.0) {
            return 0.0;
        }
        double hTruth = entropy(c.rowSums(), n);
        double hPred = entropy(c.columnSums(), n);
        double denominator = Math.max((hTruth + hPred) / 2, Math.ulp(1.0));
        // Rounding can push identical labelings a hair above 1; NMI is bounded by 1 by definition.
        return Math.min(1.0, mi / denominator);
    }

    /**
     * Adjusted Rand index (Hubert-Arabie). Returns 1 when the denominator is 0 (identical trivial partitions) and for a
     * single point.
     */
    public static double ari(int[] truth, int[] predicted) {
        Contingency c = Contingency.of(truth, predicted);
        long n = c.total();
        if (n < 2) {
            return 1.0;
        }
        double index = 0;
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.columns(); j++) {
                index += pairs(c.count(i, j));
            }
        }
        double sumRows = 0;
        for (long a : c.rowSums()) {
            sumRows += pairs(a);
        }
        double sumColumns = 0;
        for (long b : c.columnSums()) {
            sumColumns += pairs(b);
        }
        double expected = sumRows * sumColumns / pairs(n);
        double max = 0.5 * (sumRows + sumColumns);
        double denominator = max - expected;
        if (denominator == 0) {
            return 1.0;
        }
        return (index - expected) / denominator;
    }

    /**
     * Clustering accuracy: the best one-to-one matching of predicted to true clusters (Hungarian on the padded
     * contingency matrix), matched points / N. Predicted clusters left unmatched count as errors.
     */
    public static double accuracy(int[] truth, int[] predicted) {
        Contingency c = Contingency.of(truth, predicted);
        int size = Math.max(c.rows(), c.columns());
        double[][] weight = new double[size][size];
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.columns(); j++) {
                weight[j][i] = c.count(i, j);
            }
        }
        int[] match = Hungarian.maximize(weight);
        double matched = 0;
        for (int p = 0; p < size; p++) {
            matched += weight[p][match[p]];
        }
        return matched / c.total();
    }

    /**
     * SDPP (GFNCP eq. 32) from the log-probabilities of one clustering under many orders:
     * {@code std(p) / mean(p)} with {@code p = exp(lp - max lp)}; the shift cancels in the ratio.
     */
    public static double sdpp(double[] logProbs) {
        if (logProbs.length == 0) {
            throw new IllegalArgumentException("SDPP needs at least one log-probability");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double lp : logProbs) {
            if (Double.isNaN(lp) || lp == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("SDPP log-probabilities must not be NaN or +inf, got " + lp);
            }
            max = Math.max(max, lp);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("SDPP needs at least one finite log-probability");
        }
        double[] p = new double[logProbs.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logProbs[i] - max);
        }
        return std(p) / mean(p);
    }

    public static double mean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("mean of an empty sample");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The middle value, or the mean of the two middle values of an even-sized sample. */
    public static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /**
     * The {@code q}-quantile, interpolated linearly between order statistics (numpy's default): position
     * {@code q (n - 1)} of the sorted sample.
     */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("quantile of an empty sample");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1], got " + q);
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int lo = (int) Math.floor(position);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Population standard deviation (ddof = 0, numpy's default), two-pass for accuracy. */
    public static double std(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / values.length);
    }

    private static double entropy(long[] counts, double n) {
        double h = 0;
        for (long count : counts) {
            if (count > 0) {
                double p = count / n;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    private static double pairs(long x) {
        return x * (x - 1) / 2.0;
    }

    /** Counts {@code n_ij} of points with true cluster i and predicted cluster j (ids dense, first-seen order). */
    private record Contingency(long[][] counts, long[] rowSums, long[] columnSums, long total) {

        static Contingency of(int[] truth, int[] predicted) {
            if (truth.length != predicted.length) {
                throw new IllegalArgumentException(
                        "label arrays differ in length: truth " + truth.length + ", predicted " + predicted.length);
            }
            if (truth.length == 0) {
                throw new IllegalArgumentException("metrics need at least one labeled point");
            }
            int[] t = dense(truth);
            int[] p = dense(predicted);
            int rows = max(t) + 1;
            int columns = max(p) + 1;
            long[][] counts = new long[rows][columns];
            long[] rowSums = new long[rows];
            long[] columnSums = new long[columns];
            for (int i = 0; i < t.length; i++) {
                counts[t[i]][p[i]]++;
                rowSums[t[i]]++;
                columnSums[p[i]]++;
            }
            return new Contingency(counts, rowSums, columnSums, t.length);
        }

        int rows() {
            return rowSums.length;
        }

        int columns() {
            return columnSums.length;
        }

        long count(int i, int j) {
            return counts[i][j];
        }

        long rowSum(int i) {
            return rowSums[i];
        }

        long columnSum(int j) {
            return columnSums[j];
        }

        private static int[] dense(int[] labels) {
            Map<Integer, Integer> ids = new HashMap<>();
            int[] out = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                out[i] = ids.computeIfAbsent(labels[i], key -> ids.size());
            }
            return out;
        }

        private static int max(int[] values) {
            int m = 0;
            for (int v : values) {
                m = Math.max(m, v);
            }
            return m;
        }
    }
}
