package org.gfncp.core.algo.pointwise;

import java.util.Arrays;
import org.gfncp.core.data.ClusterCountRule;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.random.RandomStream;

/**
 * Training minibatches of 2D (or D-dimensional) mixtures of Gaussians as GFNCP and NCP draw them (spec 0.5,
 * 2.3): N uniform in {@code [nMin, nMax)}, one CRP partition shared by the batch, fresh means and points per set,
 * one shared shuffle and relabel; then, with probability {@code 1 - beta}, an exploration batch whose labels are
 * the CRP blocks relabeled uniformly (blocks may merge, the GFNCP code) or, with {@code pointwiseExploration},
 * independent uniform labels in {@code 0..K-1} for every point (the paper's "uniformly sampled" reading).
 *
 * @param meanStd standard deviation of the cluster means (10)
 * @param pointStd standard deviation of the points around their mean (1)
 * @param augmented GFNCP's self-supervised variant (members are noisy copies of one base point)
 * @param beta probability of a data-label batch (1 disables exploration)
 * @param pointwiseExploration draw exploration labels per point instead of per CRP block
 */
public record MogBatches(int dimension, int batchSize, int nMin, int nMax, double alpha, ClusterCountRule rule,
        double meanStd, double pointStd, boolean augmented, double beta, boolean pointwiseExploration) {

    public MogBatches {
        if (batchSize < 1 || nMin < 2 || nMax <= nMin) {
            throw new IllegalArgumentException("need batch size >= 1 and 2 <= nMin < nMax, got batch " + batchSize
                    + ", N in [" + nMin + ", " + nMax + ")");
        }
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
        }
    }

    /** The next minibatch; all randomness comes from {@code random}. */
    public TrainingBatch next(RandomStream random) {
        MixtureOfGaussians mog = new MixtureOfGaussians(dimension, meanStd, pointStd);
        MixtureOfGaussians.Batch batch = mog.batch(batchSize, nMin, nMax, alpha, rule, augmented, random);
        return labelled(batch, beta, pointwiseExploration, random);
    }

    /**
     * {@code batch} with its training labels, shared by every set: the data's own or, with probability
     * {@code 1 - beta} (a coin drawn from {@code random}), exploration labels as described above.
     */
    public static TrainingBatch labelled(MixtureOfGaussians.Batch batch, double beta, boolean pointwiseExploration,
            RandomStream random) {
        boolean explore = !random.nextBoolean(beta);
        int[] labels = batch.labels();
        if (explore) {
            labels = pointwiseExploration ? uniformLabels(labels.length, batch.clusters(), random)
                    : Partitions.uniformBlockLabels(labels, random);
        }
        return shared(batch, labels, explore);
    }

    /** {@code batch} with its own labels for training (no exploration), shared by every set. */
    public static TrainingBatch labelled(MixtureOfGaussians.Batch batch) {
        return shared(batch, batch.labels(), false);
    }

    private static TrainingBatch shared(MixtureOfGaussians.Batch batch, int[] labels, boolean explore) {
        int[][] rows = new int[batch.batchSize()][];
        Arrays.fill(rows, labels);
        return new TrainingBatch(batch.points(), rows, explore);
    }

    private static int[] uniformLabels(int n, int clusters, RandomStream random) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(clusters);
        }
        return Partitions.relabel(labels);
    }
}
