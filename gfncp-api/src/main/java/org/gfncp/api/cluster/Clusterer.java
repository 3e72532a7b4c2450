package org.gfncp.api.cluster;

import java.util.List;

/**
 * An amortized clustering model: given a set of points it returns clusterings with their probabilities in one
 * pass, without a fixed number of clusters. Every algorithm (GFNCP, NCP, DAC, CHiGac, AMCP) implements this.
 *
 * <p>Points are {@code double[N][D]} (one row per point). Implementations reject NaN or infinite coordinates,
 * rows whose dimension differs from the model's, and empty sets with {@link IllegalArgumentException}.
 */
public interface Clusterer {

    /** The algorithm's name, e.g. {@code "gfncp"}. */
    String name();

    /** The point dimension the model was built for. */
    int pointDimension();

    /** The most likely clustering by greedy decoding (argmax at every step). */
    default Clustering cluster(double[][] points) {
        return clusterAll(List.<double[][]>of(points)).get(0);
    }

    /** Greedy clustering of many sets at once (batched across sets where the algorithm allows). */
    List<Clustering> clusterAll(List<double[][]> sets);

    /**
     * Draws {@code samples} clusterings from the model and returns the distinct ones, most probable first.
     *
     * @param seed makes the draw reproducible
     */
    List<Clustering> sample(double[][] points, int samples, long seed);

    /**
     * Log-probability the model gives to {@code labels} (any labels; they are canonicalized) when the points are
     * visited in the given order.
     */
    double logProb(double[][] points, int[] labels);
}
