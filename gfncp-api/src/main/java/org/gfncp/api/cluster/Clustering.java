package org.gfncp.api.cluster;

import java.util.Arrays;

/**
 * One clustering of one set of points.
 *
 * @param labels canonical labels (cluster ids in order of first appearance), one per point in input order
 * @param clusters number of clusters K
 * @param stepProbabilities for each point in the order the model assigned them, the probabilities it gave each
 *     candidate (existing clusters 0..K_n-1, then "new"); row 0 is {@code [1.0]}
 * @param logProb log-probability of the whole clustering under the model (sum of the chosen steps' logs)
 */
public record Clustering(int[] labels, int clusters, double[][] stepProbabilities, double logProb) {

    public Clustering {
        labels = labels.clone();
    }

    /** {@code exp(logProb)}. */
    public double probability() {
        return Math.exp(logProb);
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Clustering c && Arrays.equals(labels, c.labels) && logProb == c.logProb;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels) * 31 + Double.hashCode(logProb);
    }

    @Override
    public String toString() {
        return "Clustering[K=" + clusters + ", logProb=" + logProb + ", labels=" + Arrays.toString(labels) + "]";
    }
}
