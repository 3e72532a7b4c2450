package org.gfncp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class PartitionsTest {

    @Test
    void allListsEveryPartitionOnceAsCanonicalLabels() {
        int[] bell = {1, 2, 5, 15, 52, 203, 877, 4140};
        for (int n = 1; n <= bell.length; n++) {
            List<int[]> all = Partitions.all(n);
            assertThat(all).hasSize(bell[n - 1]);
            assertThat(Partitions.count(n)).isEqualTo(bell[n - 1]);
            assertThat(all).allSatisfy(labels -> assertThat(Partitions.isCanonical(labels)).isTrue());
            assertThat(all.stream().map(Arrays::toString).distinct().count()).isEqualTo(all.size());
            assertThat(all.get(0)).containsOnly(0);
            assertThat(all.get(all.size() - 1)).containsExactly(java.util.stream.IntStream.range(0, n).toArray());
        }
        // every partition once: the CRP's probabilities over them sum to one
        double total = Partitions.all(7).stream().mapToDouble(c -> Math.exp(Crp.logProbability(c, 1.3))).sum();
        assertThat(total).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThatThrownBy(() -> Partitions.all(0)).hasMessageContaining("1 to 12");
        assertThatThrownBy(() -> Partitions.all(13)).hasMessageContaining("not 13");
        assertThat(Partitions.count(12)).isEqualTo(4_213_597);
        assertThatThrownBy(() -> Partitions.count(0)).hasMessageContaining("not 0");
        assertThatThrownBy(() -> Partitions.count(13)).hasMessageContaining("not 13");
    }

    @Test
    void relabelNumbersClustersInOrderOfFirstAppearance() {
        assertThat(Partitions.relabel(new int[] {7, 7, -3, 9, -3, 7, 2})).containsExactly(0, 0, 1, 2, 1, 0, 3);
        assertThat(Partitions.relabel(new int[] {7, 7, 3, 9, 3, 7, 2})).containsExactly(0, 0, 1, 2, 1, 0, 3);
        assertThat(Partitions.relabel(new int[] {1_000_000, 5, 1_000_000})).containsExactly(0, 1, 0);
        assertThat(Partitions.relabel(new int[0])).isEmpty();
    }

    @Test
    void relabelIsIdempotentAndShuffleGivesCanonicalPrefixes() {
        RandomStream random = new RandomStream(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(60);
            int[] raw = new int[n];
            double[][] points = new double[n][1];
            for (int i = 0; i < n; i++) {
                raw[i] = random.nextInt(8) * 13 - 40;
                points[i][0] = i;
            }
            int[] once = Partitions.relabel(raw);
            assertThat(Partitions.relabel(once)).containsExactly(once);
            Partitions.Shuffled shuffled = Partitions.shuffle(points, raw, random);
            int[] c = shuffled.labels();
            assertThat(c[0]).isZero();
            int max = -1;
            for (int i = 0; i < n; i++) {
                assertThat(c[i]).isLessThanOrEqualTo(Math.max(max, -1) + 1).isLessThanOrEqualTo(i);
                max = Math.max(max, c[i]);
            }
            assertThat(Partitions.isCanonical(c)).isTrue();
            // points and labels moved together: point value = original index, and same raw cluster -> same label
            for (int i = 0; i < n; i++) {
                int original = (int) shuffled.points()[i][0];
                assertThat(original).isEqualTo(shuffled.permutation()[i]);
                for (int j = 0; j < n; j++) {
                    int otherOriginal = (int) shuffled.points()[j][0];
                    assertThat(c[i] == c[j]).isEqualTo(raw[original] == raw[otherOriginal]);
                }
            }
        }
    }

    @Test
    void canonicalCheckRejectsGapsAndNegatives() {
        assertThat(Partitions.isCanonical(new int[] {0, 1, 0, 2})).isTrue();
        assertThat(Partitions.isCanonical(new int[] {1, 0})).isFalse();
        assertThat(Partitions.isCanonical(new int[] {0, 2})).isFalse();
        assertThat(Partitions.isCanonical(new int[] {0, -1})).isFalse();
    }

    @Test
    void blocksAndSizesAreInverse() {
        int[] labels = Partitions.blocks(new int[] {3, 1, 2});
        assertThat(labels).containsExactly(0, 0, 0, 1, 2, 2);
        assertThat(Partitions.sizes(labels)).containsExactly(3, 1, 2);
        assertThatThrownBy(() -> Partitions.blocks(new int[] {2, 0})).hasMessageContaining("cluster size 1");
    }

    @Test
    void permuteRejectsNonPermutations() {
        assertThat(Partitions.permute(new int[] {5, 6, 7}, new int[] {2, 0, 1})).containsExactly(7, 5, 6);
        assertThatThrownBy(() -> Partitions.permute(new int[] {5, 6, 7}, new int[] {0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 1 is 0");
        assertThatThrownBy(() -> Partitions.shuffle(new double[2][1], new int[3], new RandomStream(1)))
                .hasMessageContaining("2 vs 3");
    }

    @Test
    void uniformBlockLabelsKeepClustersTogetherAndMayMerge() {
        RandomStream random = new RandomStream(3);
        int[] labels = Partitions.blocks(new int[] {4, 3, 5, 2, 6});
        boolean merged = false;
        for (int trial = 0; trial < 50; trial++) {
            int[] explored = Partitions.uniformBlockLabels(labels, random);
            assertThat(Partitions.isCanonical(explored)).isTrue();
            for (int i = 1; i < labels.length; i++) {
                if (labels[i] == labels[i - 1]) {
                    assertThat(explored[i]).isEqualTo(explored[i - 1]);
                }
            }
            merged |= Partitions.clusterCount(explored) < 5;
        }
        assertThat(merged).isTrue();
    }
}
