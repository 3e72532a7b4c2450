package org.gfncp.core.algo.pointwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingBatchTest {

    private static TrainingBatch twoSets() {
        double[][][] points = {
            {{0, 0}, {1, 1}, {2, 2}},
            {{10, 10}, {11, 11}, {12, 12}}
        };
        int[][] labels = {{0, 0, 1}, {0, 1, 1}};
        return new TrainingBatch(points, labels, true);
    }

    @Test
    void permutedReordersEverySetAndMakesItsLabelsCanonical() {
        TrainingBatch batch = twoSets();
        TrainingBatch moved = batch.permuted(new int[] {2, 0, 1});
        assertThat(moved.points()[0]).isDeepEqualTo(new double[][] {{2, 2}, {0, 0}, {1, 1}});
        assertThat(moved.points()[1]).isDeepEqualTo(new double[][] {{12, 12}, {10, 10}, {11, 11}});
        assertThat(moved.labels()[0]).containsExactly(0, 1, 1);
        assertThat(moved.labels()[1]).containsExactly(0, 1, 0);
        assertThat(moved.exploration()).isTrue();
        assertThat(batch.points()[0][0]).containsExactly(0, 0);
        assertThat(batch.labels()[0]).containsExactly(0, 0, 1);
    }

    @Test
    void permutedRejectsAnOrderThatIsNotAPermutationOfTheSetSize() {
        TrainingBatch batch = twoSets();
        assertThatThrownBy(() -> batch.permuted(new int[] {0, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch.permuted(new int[] {0, 0, 1})).isInstanceOf(IllegalArgumentException.class);
    }
}
