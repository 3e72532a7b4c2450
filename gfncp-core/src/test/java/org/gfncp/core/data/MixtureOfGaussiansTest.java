package org.gfncp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class MixtureOfGaussiansTest {

    private final MixtureOfGaussians mog = new MixtureOfGaussians();

    @Test
    void setsAreMedianCenteredPerDimension() {
        MixtureOfGaussians.LabeledSet set = mog.testSet(101, 0.7, ClusterCountRule.between(2, 10), new RandomStream(1));
        assertThat(PointSets.medians(set.points())).containsExactly(new double[] {0, 0}, within(1e-12));
        MixtureOfGaussians.LabeledSet even = mog.testSet(100, 0.7, ClusterCountRule.between(2, 10), new RandomStream(2));
        assertThat(PointSets.medians(even.points())).containsExactly(new double[] {0, 0}, within(1e-12));
    }

    @Test
    void theLawsLogJointIsTheCrpTimesTheDenseGaussianMarginal() {
        MixtureOfGaussians law = new MixtureOfGaussians(2, 3.0, 0.5);
        double[][] points = {{0.1, -0.4}, {0.3, 0.2}, {2.0, 1.5}, {-1.0, 0.7}};
        int[] labels = {4, 4, 1, 4};
        double alpha = 1.3;
        // per dimension, the points are jointly N(0, S) with S_ij = 0.25 [i == j] + 9 [same cluster]
        double expected = Crp.logProbability(labels, alpha);
        for (int d = 0; d < 2; d++) {
            double[][] cov = new double[4][4];
            double[] y = new double[4];
            for (int i = 0; i < 4; i++) {
                y[i] = points[i][d];
                for (int j = 0; j < 4; j++) {
                    cov[i][j] = (i == j ? 0.25 : 0) + (labels[i] == labels[j] ? 9 : 0);
                }
            }
            expected += denseGaussianLogDensity(y, cov);
        }
        assertThat(law.logJoint(points, labels, alpha)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void theLawPrefersTwoFarClustersToTheirMergeAndOneTightClusterToItsSplit() {
        double[][] points = {{-10, 0}, {-10.5, 0.3}, {-9.6, -0.2}, {10, 0}, {10.4, 0.1}, {9.7, 0.5}};
        int[] two = {0, 0, 0, 1, 1, 1};
        assertThat(mog.logJoint(points, two, 6)).isGreaterThan(mog.logJoint(points, new int[6], 6));
        assertThat(mog.logJoint(points, two, 6)).isGreaterThan(mog.logJoint(points, new int[] {0, 2, 0, 1, 1, 1}, 6));
        assertThatThrownBy(() -> mog.logJoint(points, new int[5], 6)).isInstanceOf(IllegalArgumentException.class);
    }

    /** log N(y; 0, cov) by Gaussian elimination, independent of the closed form under test. */
    private static double denseGaussianLogDensity(double[] y, double[][] cov) {
        int n = y.length;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(cov[i], 0, a[i], 0, n);
            a[i][n] = y[i];
        }
        double logDet = 0;
        for (int col = 0; col < n; col++) {
            logDet += Math.log(a[col][col]);
            for (int row = col + 1; row < n; row++) {
                double f = a[row][col] / a[col][col];
                for (int j = col; j <= n; j++) {
                    a[row][j] -= f * a[col][j];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double v = a[i][n];
            for (int j = i + 1; j < n; j++) {
                v -= a[i][j] * x[j];
            }
            x[i] = v / a[i][i];
        }
        double quad = 0;
        for (int i = 0; i < n; i++) {
            quad += y[i] * x[i];
        }
        return -0.5 * (n * Math.log(2 * Math.PI) + logDet + quad);
    }

    @Test
    void pointsScatterWithUnitStdAroundTheirOwnMeans() {
        RandomStream random = new RandomStream(9);
        double sumSquares = 0;
        double meanNormSquares = 0;
        int count = 0;
        int clusters = 0;
        for (int s = 0; s < 200; s++) {
            MixtureOfGaussians.LabeledSet set = mog.testSet(100, 0.7, ClusterCountRule.between(2, 10), random);
            assertThat(Partitions.isCanonical(set.labels())).isTrue();
            assertThat(set.clusters()).isEqualTo(Partitions.clusterCount(set.labels()));
            for (int i = 0; i < set.size(); i++) {
                double[] mu = set.means()[set.labels()[i]];
                for (int d = 0; d < 2; d++) {
                    double r = set.points()[i][d] - mu[d];
                    sumSquares += r * r;
                    count++;
                }
            }
            // The difference of two means is N(0, 2 * 10^2) per dimension, whatever the median shift.
            double[] a = set.means()[0];
            double[] b = set.means()[1];
            meanNormSquares += (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
            clusters++;
        }
        assertThat(Math.sqrt(sumSquares / count)).isCloseTo(1.0, within(0.02));
        assertThat(meanNormSquares / (4 * clusters)).isCloseTo(100.0, within(20.0));
    }

    @Test
    void augmentedVariantSpreadsMembersAroundABasePoint() {
        RandomStream random = new RandomStream(4);
        double within = 0;
        double toMean = 0;
        int count = 0;
        for (int s = 0; s < 300; s++) {
            MixtureOfGaussians.LabeledSet set = mog.blockSet(new int[] {30}, true, random);
            double[] centroid = new double[2];
            for (double[] p : set.points()) {
                centroid[0] += p[0] / 30;
                centroid[1] += p[1] / 30;
            }
            for (double[] p : set.points()) {
                within += Math.pow(p[0] - centroid[0], 2) + Math.pow(p[1] - centroid[1], 2);
            }
            toMean += Math.pow(centroid[0] - set.means()[0][0], 2) + Math.pow(centroid[1] - set.means()[0][1], 2);
            count++;
        }
        // members vary by 1 around the base (sample variance (29/30) per dimension); the base is 1 away from mu.
        assertThat(within / (count * 30 * 2)).isCloseTo(29.0 / 30.0, within(0.05));
        assertThat(toMean / (count * 2)).isCloseTo(1.0 + 1.0 / 30, within(0.15));
    }

    @Test
    void batchSharesOnePartitionAcrossSetsWithDifferentData() {
        RandomStream random = new RandomStream(77);
        for (int trial = 0; trial < 20; trial++) {
            MixtureOfGaussians.Batch batch = mog.batch(8, 50, 100, 0.7, ClusterCountRule.between(2, 10), false, random);
            assertThat(batch.points()).hasDimensions(8, batch.setSize());
            assertThat(batch.setSize()).isBetween(50, 99);
            assertThat(batch.clusters()).isBetween(2, 10);
            assertThat(Partitions.isCanonical(batch.labels())).isTrue();
            assertThat(batch.sizes()).containsExactly(Partitions.sizes(batch.labels()));
            assertThat(batch.points()[0][0]).isNotEqualTo(batch.points()[1][0]);
            for (double[][] set : batch.points()) {
                assertThat(set[0]).hasSize(2);
                // within each set, points of one cluster are close to each other relative to the mean spread
                assertThat(PointSets.medians(set)).containsExactly(new double[] {0, 0}, within(1e-12));
            }
        }
    }

    @Test
    void batchLabelsAreShuffledNotBlocks() {
        MixtureOfGaussians.Batch batch = mog.batch(2, 90, 91, 0.7, ClusterCountRule.exactly(4), false, new RandomStream(8));
        assertThat(batch.labels()).isNotEqualTo(Partitions.blocks(batch.sizes()));
    }

    @Test
    void fixedKTestSetsHaveExactlyK() {
        List<MixtureOfGaussians.LabeledSet> sets = mog.testSets(10, 60, 0.7, ClusterCountRule.exactly(6), new RandomStream(3));
        assertThat(sets).hasSize(10).allMatch(s -> s.clusters() == 6 && Partitions.clusterCount(s.labels()) == 6);
    }

    @Test
    void sameSeedGivesSameData() {
        MixtureOfGaussians.Batch a = mog.batch(3, 10, 20, 1.0, ClusterCountRule.any(), true, new RandomStream(42));
        MixtureOfGaussians.Batch b = mog.batch(3, 10, 20, 1.0, ClusterCountRule.any(), true, new RandomStream(42));
        assertThat(a.labels()).containsExactly(b.labels());
        assertThat(a.points()).isDeepEqualTo(b.points());
    }

    @Test
    void badArgumentsAreRejected() {
        RandomStream random = new RandomStream(1);
        assertThatThrownBy(() -> mog.batch(0, 10, 20, 1, ClusterCountRule.any(), false, random)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> mog.batch(2, 20, 20, 1, ClusterCountRule.any(), false, random)).hasMessageContaining("[20, 20)");
        assertThatThrownBy(() -> new MixtureOfGaussians(0, 1, 1)).hasMessageContaining("dimension");
    }

    @Test
    void oracleAssignsEachPointToItsMostProbableTrueCluster() {
        double[][] means = {{0, 0}, {3, 0}};
        // the third point lies nearer the second mean than its own: the oracle must move it
        double[][] points = {{0.1, 0}, {-0.2, 0.1}, {1.9, 0}, {3.1, 0}, {2.8, -0.2}};
        int[] labels = {0, 0, 0, 1, 1};
        assertThat(mog.oracleLabels(new MixtureOfGaussians.LabeledSet(points, labels, means)))
                .containsExactly(0, 0, 1, 1, 1);
        // with cluster 0 much more frequent, a point just past the midpoint stays in it (the prior counts)
        double[][] crowded = {{0, 0}, {0.1, 0}, {-0.1, 0}, {0.2, 0}, {1.6, 0}, {3, 0}};
        int[] crowdedLabels = {0, 0, 0, 0, 0, 1};
        assertThat(mog.oracleLabels(new MixtureOfGaussians.LabeledSet(crowded, crowdedLabels, means)))
                .containsExactly(0, 0, 0, 0, 0, 1);
    }

    @Test
    void oracleNmiOnSixClustersIsHighButNotPerfect() {
        List<MixtureOfGaussians.LabeledSet> sets = mog.testSets(200, 100, 0.7, ClusterCountRule.exactly(6),
                new RandomStream(5));
        double sum = 0;
        for (MixtureOfGaussians.LabeledSet set : sets) {
            sum += org.gfncp.core.metric.ClusteringMetrics.nmi(set.labels(), mog.oracleLabels(set));
        }
        // an independent NumPy simulation of the same generator gave 0.973 over 300 sets
        assertThat(sum / sets.size()).isBetween(0.96, 0.985);
    }
}
