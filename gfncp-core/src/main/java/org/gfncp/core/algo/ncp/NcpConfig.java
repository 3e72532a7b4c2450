package org.gfncp.core.algo.ncp;

import org.gfncp.core.algo.pointwise.EnergyArchitecture;
import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.data.ClusterCountRule;
import org.gfncp.core.nn.Activation;

/**
 * Every NCP hyperparameter (spec 1.2, 1.3, 1.5); {@link #mog2d()} holds the published code's values for 2D
 * mixtures of Gaussians.
 *
 * @param pointDimension D
 * @param encoderHidden hidden width of h and u (128)
 * @param encodingDimension d_h (256)
 * @param hidden H of g and E (128)
 * @param clusterDimension d_g (512)
 * @param batchSize sets per iteration (64)
 * @param nMin smallest training set size (5)
 * @param nMax training set sizes are below this (100)
 * @param crpAlpha CRP concentration (0.7)
 * @param maxClusters rejection bound on K ({@link Integer#MAX_VALUE}: none, as for Gauss2D)
 * @param meanStd standard deviation of cluster means (10)
 * @param pointStd standard deviation of points (1)
 * @param permutations orders per iteration whose gradients are summed (6)
 * @param learningRate initial Adam rate (1e-4)
 * @param weightDecay Adam's L2 weight decay (0.01)
 * @param firstDrop iteration at which the rate becomes {@code firstDropRate} (1200)
 * @param firstDropRate (5e-5)
 * @param secondDrop iteration at which the rate becomes {@code secondDropRate} (2200)
 * @param secondDropRate (1e-5)
 * @param iterations training iterations (3500)
 * @param seed seeds the weights, the data and the orders
 */
public record NcpConfig(int pointDimension, int encoderHidden, int encodingDimension, int hidden,
        int clusterDimension, int batchSize, int nMin, int nMax, double crpAlpha, int maxClusters, double meanStd,
        double pointStd, int permutations, double learningRate, double weightDecay, int firstDrop,
        double firstDropRate, int secondDrop, double secondDropRate, int iterations, long seed) {

    public NcpConfig {
        if (permutations < 1 || iterations < 1) {
            throw new IllegalArgumentException("need permutations >= 1 and iterations >= 1, got " + permutations
                    + " and " + iterations);
        }
        if (!(learningRate >= 0) || !(firstDropRate >= 0) || !(secondDropRate >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("learning rates and weight decay must be >= 0");
        }
        if (firstDrop > secondDrop) {
            throw new IllegalArgumentException("the first rate drop (" + firstDrop + ") must come before the second ("
                    + secondDrop + ")");
        }
        new EnergyArchitecture(pointDimension, encoderHidden, encodingDimension, hidden, clusterDimension,
                Activation.PRELU, true);
        ClusterCountRule.between(1, maxClusters);
    }

    /** The published code's settings for 2D mixtures of Gaussians. */
    public static NcpConfig mog2d() {
        return new NcpConfig(2, 128, 256, 128, 512, 64, 5, 100, 0.7, Integer.MAX_VALUE, 10.0, 1.0, 6, 1e-4, 0.01,
                1200, 5e-5, 2200, 1e-5, 3500, 123);
    }

    /** The network sizes (PReLU, with U). */
    public EnergyArchitecture architecture() {
        return new EnergyArchitecture(pointDimension, encoderHidden, encodingDimension, hidden, clusterDimension,
                Activation.PRELU, true);
    }

    /** The training data this configuration asks for (no exploration). */
    public MogBatches batches() {
        return new MogBatches(pointDimension, batchSize, nMin, nMax, crpAlpha, ClusterCountRule.between(1, maxClusters),
                meanStd, pointStd, false, 1.0, false);
    }

    /** The learning rate of iteration {@code iteration} (0-based). */
    public double learningRateAt(int iteration) {
        return iteration >= secondDrop ? secondDropRate : iteration >= firstDrop ? firstDropRate : learningRate;
    }

    /** The same configuration with other network sizes. */
    public NcpConfig withSizes(int encoderHidden, int encodingDimension, int hidden, int clusterDimension) {
        return new NcpConfig(pointDimension, encoderHidden, encodingDimension, hidden, clusterDimension, batchSize,
                nMin, nMax, crpAlpha, maxClusters, meanStd, pointStd, permutations, learningRate, weightDecay,
                firstDrop, firstDropRate, secondDrop, secondDropRate, iterations, seed);
    }

    /** The same configuration with other batch and set sizes, orders per iteration and iteration count. */
    public NcpConfig withTraining(int batchSize, int nMin, int nMax, int permutations, int iterations) {
        return new NcpConfig(pointDimension, encoderHidden, encodingDimension, hidden, clusterDimension, batchSize,
                nMin, nMax, crpAlpha, maxClusters, meanStd, pointStd, permutations, learningRate, weightDecay,
                firstDrop, firstDropRate, secondDrop, secondDropRate, iterations, seed);
    }

    /** The same configuration with another initial learning rate. */
    public NcpConfig withLearningRate(double learningRate) {
        return new NcpConfig(pointDimension, encoderHidden, encodingDimension, hidden, clusterDimension, batchSize,
                nMin, nMax, crpAlpha, maxClusters, meanStd, pointStd, permutations, learningRate, weightDecay,
                firstDrop, firstDropRate, secondDrop, secondDropRate, iterations, seed);
    }

    /** The same configuration with another seed. */
    public NcpConfig withSeed(long seed) {
        return new NcpConfig(pointDimension, encoderHidden, encodingDimension, hidden, clusterDimension, batchSize,
                nMin, nMax, crpAlpha, maxClusters, meanStd, pointStd, permutations, learningRate, weightDecay,
                firstDrop, firstDropRate, secondDrop, secondDropRate, iterations, seed);
    }
}
