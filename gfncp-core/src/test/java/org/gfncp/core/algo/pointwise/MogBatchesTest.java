package org.gfncp.core.algo.pointwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gfncp.core.data.ClusterCountRule;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** Training batches: shared labels, the exploration coin and its two label rules. */
class MogBatchesTest {

    private static MogBatches batches(double beta, boolean pointwise) {
        return new MogBatches(2, 4, 20, 30, 0.7, ClusterCountRule.between(2, 10), 10, 1, false, beta, pointwise);
    }

    @Test
    void dataBatchesShareOneCanonicalLabeling() {
        TrainingBatch b = batches(1.0, false).next(new RandomStream(1));
        assertThat(b.exploration()).isFalse();
        assertThat(b.setSize()).isBetween(20, 29);
        assertThat(Partitions.clusterCount(b.labels()[0])).isBetween(2, 10);
        for (int[] labels : b.labels()) {
            assertThat(labels).containsExactly(b.labels()[0]);
            assertThat(Partitions.isCanonical(labels)).isTrue();
        }
        assertThat(b.points()[0][0]).isNotEqualTo(b.points()[1][0]);
    }

    @Test
    void explorationBatchesRelabelWholeBlocksOrSinglePoints() {
        int mergedBlocks = 0;
        int pointwiseWithinK = 0;
        for (long seed = 0; seed < 20; seed++) {
            TrainingBatch data = batches(1.0, false).next(new RandomStream(seed));
            TrainingBatch block = batches(0.0, false).next(new RandomStream(seed));
            TrainingBatch point = batches(0.0, true).next(new RandomStream(seed));
            assertThat(block.exploration()).isTrue();
            assertThat(point.exploration()).isTrue();
            assertThat(Partitions.isCanonical(block.labels()[0])).isTrue();
            assertThat(Partitions.isCanonical(point.labels()[0])).isTrue();
            int[] truth = data.labels()[0];
            int[] blockLabels = block.labels()[0];
            // block labels never split a true cluster
            for (int i = 0; i < truth.length; i++) {
                for (int j = 0; j < truth.length; j++) {
                    if (truth[i] == truth[j]) {
                        assertThat(blockLabels[i]).isEqualTo(blockLabels[j]);
                    }
                }
            }
            int k = Partitions.clusterCount(truth);
            mergedBlocks += Partitions.clusterCount(blockLabels) < k ? 1 : 0;
            pointwiseWithinK += Partitions.clusterCount(point.labels()[0]) <= k ? 1 : 0;
        }
        assertThat(mergedBlocks).isPositive();
        assertThat(pointwiseWithinK).isEqualTo(20);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> batches(1.5, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta");
        assertThatThrownBy(() -> new MogBatches(2, 4, 1, 30, 0.7, ClusterCountRule.any(), 10, 1, false, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nMin");
    }
}
