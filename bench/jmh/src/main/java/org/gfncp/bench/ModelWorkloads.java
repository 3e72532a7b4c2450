package org.gfncp.bench;

import java.util.ArrayList;
import java.util.List;
import org.gfncp.core.algo.gfncp.GfncpConfig;
import org.gfncp.core.algo.ncp.NcpConfig;
import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.random.RandomStream;

/**
 * Fixed, seeded inputs of the model benchmarks, identical on every backend: training batches at the released
 * settings (cycled, so every measured interval sees the same mix of set sizes and cluster counts) and sets to
 * cluster.
 */
final class ModelWorkloads {

    /** Batches cycled by the training benchmarks: enough to mix set sizes 50..99, few enough to repeat often. */
    static final int CYCLE = 8;

    private ModelWorkloads() {
    }

    /**
     * {@code CYCLE} GFNCP batches of {@link GfncpConfig#mog2d()} (batch 32, N in [50, 100), K in [2, 10]), all
     * with data labels: exploration batches (1% at beta = 0.99) skip the contrastive term and would make the
     * per-iteration time depend on the seed.
     */
    static List<TrainingBatch> gfncpBatches(long seed) {
        return labeled(GfncpConfig.mog2d().batches(), seed);
    }

    /** {@code CYCLE} NCP batches of {@link NcpConfig#mog2d()} (batch 64, N in [5, 100)). */
    static List<TrainingBatch> ncpBatches(long seed) {
        return labeled(NcpConfig.mog2d().batches(), seed);
    }

    private static List<TrainingBatch> labeled(MogBatches batches, long seed) {
        RandomStream random = new RandomStream(seed);
        List<TrainingBatch> out = new ArrayList<>(CYCLE);
        while (out.size() < CYCLE) {
            TrainingBatch b = batches.next(random);
            if (!b.exploration()) {
                out.add(b);
            }
        }
        return out;
    }

    /** Mean set size of {@code batches}, for reports. */
    static double meanSetSize(List<TrainingBatch> batches) {
        return batches.stream().mapToInt(TrainingBatch::setSize).average().orElse(0);
    }

    /**
     * One 2D MoG set of {@code n} points in {@code clusters} equal blocks (means with std 10, points with std 1),
     * in random order.
     */
    static double[][] clusteringSet(int n, int clusters, long seed) {
        if (n < clusters) {
            throw new IllegalArgumentException("need at least one point per cluster, got n=" + n + ", clusters="
                    + clusters);
        }
        RandomStream random = new RandomStream(seed);
        int[] sizes = new int[clusters];
        for (int k = 0; k < clusters; k++) {
            sizes[k] = n / clusters + (k < n % clusters ? 1 : 0);
        }
        double[][] points = new MixtureOfGaussians(2, MixtureOfGaussians.DEFAULT_MEAN_STD,
                MixtureOfGaussians.DEFAULT_POINT_STD).blockSet(sizes, false, random).points();
        return Partitions.permute(points, random.permutation(n));
    }
}
