package org.gfncp.core.data;

/**
 * Which CRP partitions are accepted by rejection sampling: {@code min <= K <= max}.
 *
 * @param min smallest accepted number of clusters (at least 1)
 * @param max largest accepted number of clusters ({@link Integer#MAX_VALUE} for no limit)
 */
public record ClusterCountRule(int min, int max) {

    public ClusterCountRule {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("cluster count rule needs 1 <= min <= max, got min=" + min + ", max=" + max);
        }
    }

    /** GFNCP's rule {@code 2 <= K <= limit} (limit 10 for Gauss2D, the class count for images). */
    public static ClusterCountRule between(int min, int max) {
        return new ClusterCountRule(min, max);
    }

    /** Fixed-K experiments: resample until {@code K == k}. */
    public static ClusterCountRule exactly(int k) {
        return new ClusterCountRule(k, k);
    }

    /** No restriction (NCP Gauss2D). */
    public static ClusterCountRule any() {
        return new ClusterCountRule(1, Integer.MAX_VALUE);
    }

    public boolean accepts(int k) {
        return k >= min && k <= max;
    }
}
