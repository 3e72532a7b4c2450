package org.gfncp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.junit.jupiter.api.Test;

class BatchCycleTest {

    @Test
    void servesTheBatchesInOrderThenStartsAgain() {
        BatchCycle cycle = ModelWorkloads.gfncpBatches(31);
        List<TrainingBatch> all = cycle.all();
        assertThat(all).hasSize(ModelWorkloads.CYCLE);
        for (int round = 0; round < 2; round++) {
            for (TrainingBatch expected : all) {
                assertThat(cycle.next()).isSameAs(expected);
            }
        }
    }

    @Test
    void workloadsAreSeededLabelledAndAtTheReleasedSettings() {
        List<TrainingBatch> first = ModelWorkloads.gfncpBatches(31).all();
        List<TrainingBatch> again = ModelWorkloads.gfncpBatches(31).all();
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).points()).isDeepEqualTo(first.get(i).points());
            assertThat(again.get(i).labels()).isDeepEqualTo(first.get(i).labels());
        }
        assertThat(first).noneMatch(TrainingBatch::exploration)
                .allSatisfy(b -> assertThat(b.setSize()).isBetween(50, 99));
        assertThat(ModelWorkloads.gfncpBatches(31).describe()).startsWith(ModelWorkloads.CYCLE + " batches of 32 sets, mean N ");
        assertThat(ModelWorkloads.ncpBatches(37).describe()).startsWith(ModelWorkloads.CYCLE + " batches of 64 sets, mean N ");
    }

    @Test
    void anEmptyCycleIsRefused() {
        assertThatThrownBy(() -> new BatchCycle(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
