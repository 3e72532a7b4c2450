package org.gfncp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class CrpTest {

    @Test
    void empiricalClusterCountMatchesTheCrpExpectation() {
        RandomStream random = new RandomStream(2024);
        for (double alpha : new double[] {0.7, 6.0}) {
            int n = 100;
            int draws = 20_000;
            double sum = 0;
            double sumSquares = 0;
            for (int i = 0; i < draws; i++) {
                int k = Crp.tableSizes(n, alpha, random).length;
                sum += k;
                sumSquares += (double) k * k;
            }
            double mean = sum / draws;
            double standardError = Math.sqrt((sumSquares / draws - mean * mean) / draws);
            double expected = Crp.expectedClusters(n, alpha);
            assertThat(mean).isCloseTo(expected, within(4 * standardError));
        }
    }

    @Test
    void partitionProbabilitiesSumToOneAndFollowTheSeatingRule() {
        // the 15 partitions of 4 points, as restricted growth strings
        double total = 0;
        int[] labels = new int[4];
        for (int code = 0; code < 256; code++) {
            int max = -1;
            boolean canonical = true;
            for (int i = 0; i < 4; i++) {
                labels[i] = (code >> (2 * i)) & 3;
                canonical &= labels[i] <= max + 1;
                max = Math.max(max, labels[i]);
            }
            if (canonical) {
                total += Math.exp(Crp.logProbability(labels, 2.5));
            }
        }
        assertThat(total).isCloseTo(1.0, within(1e-12));
        // seating: 1, then joins (1 / (1 + a)), then a new table (a / (2 + a)), then the first (2 / (3 + a))
        double a = 0.7;
        assertThat(Crp.logProbability(new int[] {5, 5, 9, 5}, a))
                .isCloseTo(Math.log(1 / (1 + a) * a / (2 + a) * 2 / (3 + a)), within(1e-12));
        // by sizes, in any order of the clusters
        assertThat(Crp.logProbabilityOfSizes(new int[] {1, 3}, a)).isEqualTo(Crp.logProbability(new int[] {5, 5, 9, 5}, a));
        assertThatThrownBy(() -> Crp.logProbabilityOfSizes(new int[] {2, 0}, a)).hasMessageContaining("at least 1");
    }

    @Test
    void expectedClustersFormula() {
        // alpha = 1: harmonic number H_4 = 1 + 1/2 + 1/3 + 1/4
        assertThat(Crp.expectedClusters(4, 1.0)).isCloseTo(25.0 / 12.0, within(1e-12));
    }

    @Test
    void sizesSumToNAndRejectionRulesHold() {
        RandomStream random = new RandomStream(5);
        for (int i = 0; i < 500; i++) {
            int[] sizes = Crp.tableSizes(73, 0.7, ClusterCountRule.between(2, 10), random);
            assertThat(Arrays.stream(sizes).sum()).isEqualTo(73);
            assertThat(sizes.length).isBetween(2, 10);
            assertThat(Arrays.stream(sizes).allMatch(s -> s > 0)).isTrue();
            assertThat(Crp.tableSizes(40, 0.7, ClusterCountRule.exactly(6), random)).hasSize(6);
        }
    }

    @Test
    void firstCustomerAlwaysOpensTableOne() {
        assertThat(Crp.tableSizes(1, 3.0, new RandomStream(1))).containsExactly(1);
    }

    @Test
    void badArgumentsAreRejected() {
        RandomStream random = new RandomStream(1);
        assertThatThrownBy(() -> Crp.tableSizes(0, 1.0, random)).hasMessageContaining("N=0");
        assertThatThrownBy(() -> Crp.tableSizes(5, -1.0, random)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> Crp.tableSizes(5, 1.0, ClusterCountRule.exactly(6), random))
                .hasMessageContaining("at least 6 clusters from 5 points");
        assertThatThrownBy(() -> ClusterCountRule.between(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
