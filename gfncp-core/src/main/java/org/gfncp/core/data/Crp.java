package org.gfncp.core.data;

import org.gfncp.core.random.RandomStream;

/**
 * Chinese restaurant process partitions, drawn exactly as the GFNCP/NCP generators do (spec 0.5): a weight list
 * {@code [1, alpha]} grows one table at a time, and the output is the table sizes in creation order.
 */
public final class Crp {

    /** Rejection gives up after this many draws so that impossible rules fail loudly instead of spinning. */
    static final int MAX_ATTEMPTS = 1_000_000;

    private Crp() {
    }

    /** Table sizes {@code n_1..n_K} (creation order) of one CRP draw for {@code n} customers. */
    public static int[] tableSizes(int n, double alpha, RandomStream random) {
        checkArguments(n, alpha);
        // weights[0..k-1] are table sizes, weights[k] is the new-table weight alpha.
        double[] weights = new double[n + 1];
        weights[0] = 1;
        weights[1] = alpha;
        int tables = 1;
        for (int i = 1; i < n; i++) {
            // The weights sum to i (customers seated) + alpha; scanning avoids allocating per customer.
            double r = random.nextDouble() * (i + alpha);
            int pick = tables;
            double acc = 0;
            for (int k = 0; k < tables; k++) {
                acc += weights[k];
                if (r < acc) {
                    pick = k;
                    break;
                }
            }
            if (pick < tables) {
                weights[pick] += 1;
            } else {
                weights[tables] = 1;
                tables++;
                weights[tables] = alpha;
            }
        }
        int[] sizes = new int[tables];
        for (int k = 0; k < tables; k++) {
            sizes[k] = (int) weights[k];
        }
        return sizes;
    }

    /** CRP table sizes resampled until the number of tables satisfies {@code rule}. */
    public static int[] tableSizes(int n, double alpha, ClusterCountRule rule, RandomStream random) {
        checkArguments(n, alpha);
        if (rule.min() > n) {
            throw new IllegalArgumentException(
                    "cannot draw at least " + rule.min() + " clusters from " + n + " points");
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int[] sizes = tableSizes(n, alpha, random);
            if (rule.accepts(sizes.length)) {
                return sizes;
            }
        }
        throw new IllegalStateException("no CRP draw with N=" + n + ", alpha=" + alpha + " satisfied " + rule
                + " in " + MAX_ATTEMPTS + " attempts");
    }

    /** {@code E[K] = sum_{i<n} alpha / (alpha + i)} for an unrestricted CRP. */
    public static double expectedClusters(int n, double alpha) {
        checkArguments(n, alpha);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += alpha / (alpha + i);
        }
        return sum;
    }

    /**
     * {@code log P(partition)} under an unrestricted CRP: {@code K log alpha + sum_k log (n_k - 1)! - sum_{i<N}
     * log(alpha + i)}, for the partition given as labels (any integers; equal labels share a cluster).
     */
    public static double logProbability(int[] labels, double alpha) {
        return logProbabilityOfSizes(Partitions.sizes(Partitions.relabel(labels)), alpha);
    }

    /** {@link #logProbability} of a partition given by its cluster sizes (each at least 1). */
    public static double logProbabilityOfSizes(int[] sizes, double alpha) {
        int n = 0;
        double log = sizes.length * Math.log(alpha);
        for (int size : sizes) {
            if (size < 1) {
                throw new IllegalArgumentException("cluster sizes must be at least 1, got " + size);
            }
            n += size;
            for (int j = 2; j < size; j++) {
                log += Math.log(j);
            }
        }
        checkArguments(n, alpha);
        for (int i = 0; i < n; i++) {
            log -= Math.log(alpha + i);
        }
        return log;
    }

    private static void checkArguments(int n, double alpha) {
        if (n < 1) {
            throw new IllegalArgumentException("CRP needs at least one point, got N=" + n);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("CRP concentration alpha must be finite and positive, got " + alpha);
        }
    }
}
