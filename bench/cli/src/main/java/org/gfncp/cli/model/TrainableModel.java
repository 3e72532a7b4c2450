package org.gfncp.cli.model;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.random.RandomStream;

/**
 * A model the tool can train, checkpoint, restore and use for clustering. Closing it releases its tensors (the
 * backend itself belongs to the caller).
 */
public interface TrainableModel extends AutoCloseable {

    /** The algorithm name, as registered in {@link Algorithms}. */
    String algorithm();

    /** The full configuration needed to rebuild this model with {@link ModelFactory#create}. */
    Map<String, Object> config();

    Clusterer clusterer();

    /**
     * One optimizer step on {@code batch}.
     *
     * @param random the only randomness the step may use (exploration coins, policy samples), so that a resumed run
     *     repeats the same steps
     * @return the training loss of the step
     */
    double trainStep(MixtureOfGaussians.Batch batch, RandomStream random);

    /** Prefix of the optimizer's entries in {@link #tensors()}; every other entry is a weight of the model. */
    String OPTIMIZER_PREFIX = "optim/";

    /** Parameters and optimizer state, to be stored in a checkpoint. */
    List<NamedTensor> tensors();

    /** Restores what {@link #tensors()} returned; shapes must match the model's configuration. */
    void load(List<NamedTensor> tensors);

    /**
     * Marginal consistency (GFNCP eq. 24, per set, divided by N) of {@code labels}; empty for algorithms that do not
     * define it.
     */
    default OptionalDouble marginalConsistency(double[][] points, int[] labels) {
        return OptionalDouble.empty();
    }

    /**
     * SDPP (GFNCP eq. 32) of {@code labels}: the coefficient of variation of the clustering's sequential probability
     * over the given order plus {@code permutations} random orders (points and labels permuted, then relabeled).
     * This default scores one order at a time; models with a batched teacher-forced pass override it.
     */
    default double sdpp(double[][] points, int[] labels, int permutations, RandomStream random) {
        Clusterer clusterer = clusterer();
        double[] logProbs = new double[permutations + 1];
        logProbs[0] = clusterer.logProb(points, labels);
        for (int p = 1; p <= permutations; p++) {
            int[] order = random.permutation(points.length);
            logProbs[p] = clusterer.logProb(Partitions.permute(points, order),
                    Partitions.relabel(Partitions.permute(labels, order)));
        }
        return ClusteringMetrics.sdpp(logProbs);
    }

    @Override
    void close();
}
