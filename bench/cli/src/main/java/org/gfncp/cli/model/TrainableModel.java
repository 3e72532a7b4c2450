package org.gfncp.cli.model;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.io.NamedTensor;
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

    @Override
    void close();
}
