package org.gfncp.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class ClusteringMetricsTest {

    @Test
    void nmiOfIdenticalLabelingsNeverExceedsOne() {
        RandomStream random = new RandomStream(7);
        for (int trial = 0; trial < 2000; trial++) {
            int n = random.nextInt(2, 300);
            int k = random.nextInt(2, 11);
            int[] labels = new int[n];
            int[] renamed = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(k);
                renamed[i] = (labels[i] * 7 + 3) % 11;
            }
            assertThat(ClusteringMetrics.nmi(labels, renamed)).isLessThanOrEqualTo(1.0).isCloseTo(1.0, within(1e-12));
        }
    }

    private static final double EPS = 1e-12;

    @Test
    void nmiMatchesSklearnOnSmallPairs() {
        // sklearn.metrics.normalized_mutual_info_score values (arithmetic normalization).
        assertThat(ClusteringMetrics.nmi(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0})).isCloseTo(1.0, within(EPS));
        // pred refines truth: I = ln 2, H(truth) = ln 2, H(pred) = 1.5 ln 2 -> 2 / 2.5
        assertThat(ClusteringMetrics.nmi(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2})).isCloseTo(0.8, within(EPS));
        assertThat(ClusteringMetrics.nmi(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1})).isEqualTo(0.0);
        // sklearn: normalized_mutual_info_score([0,0,0,1,1,1],[0,0,1,1,2,2]) = 0.5158037429793889
        assertThat(ClusteringMetrics.nmi(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}))
                .isCloseTo(0.5158037429793889, within(1e-12));
    }

    @Test
    void nmiEdgeCases() {
        assertThat(ClusteringMetrics.nmi(new int[] {4, 4, 4}, new int[] {9, 9, 9})).isEqualTo(1.0);
        // a single cluster against anything else carries no information
        assertThat(ClusteringMetrics.nmi(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3})).isEqualTo(0.0);
        // all singletons on both sides is a perfect match
        assertThat(ClusteringMetrics.nmi(new int[] {0, 1, 2, 3}, new int[] {3, 2, 1, 0})).isCloseTo(1.0, within(EPS));
    }

    @Test
    void ariMatchesSklearnOnSmallPairs() {
        assertThat(ClusteringMetrics.ari(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0})).isCloseTo(1.0, within(EPS));
        assertThat(ClusteringMetrics.ari(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2})).isCloseTo(4.0 / 7.0, within(EPS));
        assertThat(ClusteringMetrics.ari(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1})).isCloseTo(-0.5, within(EPS));
        assertThat(ClusteringMetrics.ari(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3})).isEqualTo(0.0);
        // sklearn: adjusted_rand_score([0,0,0,1,1,1],[0,0,1,1,2,2]) = 0.24242424242424246
        assertThat(ClusteringMetrics.ari(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}))
                .isCloseTo(8.0 / 33.0, within(EPS));
    }

    @Test
    void ariTrivialPartitionsGiveOne() {
        assertThat(ClusteringMetrics.ari(new int[] {1, 1, 1}, new int[] {2, 2, 2})).isEqualTo(1.0);
        assertThat(ClusteringMetrics.ari(new int[] {0, 1, 2}, new int[] {5, 6, 7})).isEqualTo(1.0);
        assertThat(ClusteringMetrics.ari(new int[] {3}, new int[] {8})).isEqualTo(1.0);
    }

    @Test
    void accuracyUsesTheBestMatching() {
        // pred 1 -> true 0 (2 points), pred 0 -> true 1 (2 points): 4 of 6
        assertThat(ClusteringMetrics.accuracy(new int[] {0, 0, 0, 1, 1, 2}, new int[] {1, 1, 0, 0, 0, 0}))
                .isCloseTo(4.0 / 6, within(EPS));
        assertThat(ClusteringMetrics.accuracy(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0})).isEqualTo(1.0);
        // K_pred > K_true: unmatched predicted clusters are errors
        assertThat(ClusteringMetrics.accuracy(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3})).isEqualTo(0.25);
        assertThat(ClusteringMetrics.accuracy(new int[] {0, 1, 2, 3}, new int[] {0, 0, 0, 0})).isEqualTo(0.25);
        assertThat(ClusteringMetrics.accuracy(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 0, 0, 0, 1, 1}))
                .isCloseTo(4.0 / 6, within(EPS));
    }

    @Test
    void accuracyAgreesWithBruteForceOnRandomPairs() {
        RandomStream random = new RandomStream(99);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(25);
            int kt = 1 + random.nextInt(5);
            int kp = 1 + random.nextInt(5);
            int[] t = new int[n];
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = random.nextInt(kt);
                p[i] = random.nextInt(kp);
            }
            assertThat(ClusteringMetrics.accuracy(t, p)).isCloseTo(bruteForceAccuracy(t, p, kt, kp), within(EPS));
            double nmi = ClusteringMetrics.nmi(t, p);
            assertThat(nmi).isBetween(0.0, 1.0 + 1e-12);
            assertThat(ClusteringMetrics.nmi(p, t)).isCloseTo(nmi, within(1e-12));
            assertThat(ClusteringMetrics.ari(p, t)).isCloseTo(ClusteringMetrics.ari(t, p), within(1e-12));
            assertThat(ClusteringMetrics.ari(t, t)).isEqualTo(1.0);
        }
    }

    private static double bruteForceAccuracy(int[] t, int[] p, int kt, int kp) {
        int size = Math.max(kt, kp);
        int[][] counts = new int[size][size];
        for (int i = 0; i < t.length; i++) {
            counts[p[i]][t[i]]++;
        }
        return bestPermutation(counts, 0, new boolean[size]) / (double) t.length;
    }

    private static int bestPermutation(int[][] counts, int row, boolean[] used) {
        if (row == counts.length) {
            return 0;
        }
        int best = 0;
        for (int c = 0; c < counts.length; c++) {
            if (!used[c]) {
                used[c] = true;
                best = Math.max(best, counts[row][c] + bestPermutation(counts, row + 1, used));
                used[c] = false;
            }
        }
        return best;
    }

    @Test
    void sdppIsScaleFreeAndZeroForEqualProbabilities() {
        assertThat(ClusteringMetrics.sdpp(new double[] {-50, -50, -50})).isEqualTo(0.0);
        // p = (1, e^-ln2 = 0.5): mean 0.75, std 0.25 -> 1/3, whatever the common offset
        assertThat(ClusteringMetrics.sdpp(new double[] {-1000, -1000 - Math.log(2)})).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ClusteringMetrics.sdpp(new double[] {0, -Math.log(2)})).isCloseTo(1.0 / 3, within(1e-12));
        assertThatThrownBy(() -> ClusteringMetrics.sdpp(new double[] {Double.NaN})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void meanStdAndSummary() {
        double[] values = {1, 2, 3, 4};
        assertThat(ClusteringMetrics.mean(values)).isEqualTo(2.5);
        assertThat(ClusteringMetrics.std(values)).isCloseTo(Math.sqrt(1.25), within(EPS));
        assertThat(Summary.of(values).format(2)).isEqualTo("2.50 ± 1.12");
        assertThatThrownBy(() -> ClusteringMetrics.mean(new double[0])).hasMessageContaining("empty");
    }

    @Test
    void medianOfOddAndEvenCountsLeavesTheInputAsItWas() {
        double[] odd = {3, 1, 2};
        assertThat(ClusteringMetrics.median(odd)).isEqualTo(2);
        assertThat(odd).containsExactly(3, 1, 2);
        assertThat(ClusteringMetrics.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
        assertThat(ClusteringMetrics.median(new double[] {7})).isEqualTo(7);
        assertThatThrownBy(() -> ClusteringMetrics.median(new double[0])).hasMessageContaining("empty");
    }

    @Test
    void quantilesInterpolateBetweenOrderStatisticsLikeNumpy() {
        double[] values = {10, 0, 40, 20, 30};
        // numpy.quantile([0, 10, 20, 30, 40], [0, 0.25, 0.9, 1]) = 0, 10, 36, 40
        assertThat(ClusteringMetrics.quantile(values, 0)).isEqualTo(0);
        assertThat(ClusteringMetrics.quantile(values, 0.25)).isEqualTo(10);
        assertThat(ClusteringMetrics.quantile(values, 0.9)).isCloseTo(36, within(1e-12));
        assertThat(ClusteringMetrics.quantile(values, 1)).isEqualTo(40);
        assertThat(values).containsExactly(10, 0, 40, 20, 30);
        assertThatThrownBy(() -> ClusteringMetrics.quantile(values, 1.5)).hasMessageContaining("[0, 1]");
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThatThrownBy(() -> ClusteringMetrics.nmi(new int[] {0, 1}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truth 2, predicted 1");
        assertThatThrownBy(() -> ClusteringMetrics.ari(new int[0], new int[0])).hasMessageContaining("at least one");
    }
}
