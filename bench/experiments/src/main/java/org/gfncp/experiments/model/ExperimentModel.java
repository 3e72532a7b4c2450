package org.gfncp.experiments.model;

import java.util.List;
import java.util.Map;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.core.random.RandomStream;

/** One trainable point-wise clustering model as the experiments use it. Closing it releases its tensors. */
public interface ExperimentModel extends AutoCloseable {

    /** The algorithm name, e.g. {@code "gfncp"}. */
    String algorithm();

    /** The model configuration, stored in checkpoints. */
    Map<String, Object> config();

    /**
     * One optimizer step on {@code batch}.
     *
     * @param random the only randomness the step may use, so that a resumed run repeats the same steps
     * @return the step's training loss
     */
    double trainStep(MixtureOfGaussians.Batch batch, RandomStream random);

    /** Greedy decoding of every set (batched where the model allows). */
    List<Clustering> greedy(List<double[][]> sets);

    /** Beam search of every set with {@code width} beams (spec 2.4): each set's most probable final beam. */
    List<Clustering> beam(List<double[][]> sets, int width);

    /** Distinct sampled clusterings of one set, most probable first. */
    List<Clustering> sample(double[][] points, int samples, long seed);

    /** Per set, the marginal-consistency value (GFNCP eq. 24 summed over steps, divided by N) of {@code labels}. */
    double[] marginalConsistency(List<double[][]> sets, List<int[]> labels);

    /** Sequential log-probabilities of labeled sets of one size, visiting points in the given order. */
    double[] logProbs(double[][][] sets, int[][] labels);

    /** Parameters and optimizer state, for a checkpoint. */
    List<NamedTensor> tensors();

    /** Restores what {@link #tensors()} returned. */
    void load(List<NamedTensor> tensors);

    @Override
    void close();
}
