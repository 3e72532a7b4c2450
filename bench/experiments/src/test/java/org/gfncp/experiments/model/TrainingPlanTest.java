package org.gfncp.experiments.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingPlanTest {

    @Test
    void codeDefaultsFollowTheReleasedCode() {
        TrainingPlan gfncp = TrainingPlan.codeDefaults("GFNCP", null, null);
        assertThat(gfncp.iterations()).isEqualTo(20000);
        assertThat(gfncp.batch()).isEqualTo(32);
        assertThat(gfncp.nMin()).isEqualTo(50);
        assertThat(gfncp.nMax()).isEqualTo(100);
        assertThat(gfncp.clusterRule()).isEqualTo("2<=K<=10");
        TrainingPlan ncp = TrainingPlan.codeDefaults("ncp", null, null);
        assertThat(ncp.iterations()).isEqualTo(3500);
        assertThat(ncp.batch()).isEqualTo(64);
        assertThat(ncp.nMin()).isEqualTo(5);
        assertThat(ncp.clusterRule()).isEqualTo("K>=1");
    }

    @Test
    void fixedKRaisesNcpSmallestSetSoEveryDrawCanReachK() {
        TrainingPlan ncp = TrainingPlan.codeDefaults("ncp", 10, 6);
        assertThat(ncp.nMin()).isEqualTo(6);
        assertThat(ncp.rule().accepts(6)).isTrue();
        assertThat(ncp.rule().accepts(5)).isFalse();
        assertThat(ncp.iterations()).isEqualTo(10);
        assertThat(TrainingPlan.codeDefaults("gfncp", null, 6).clusterRule()).isEqualTo("K=6");
    }

    @Test
    void rejectsUnknownAlgorithmsAndImpossibleRules() {
        assertThatThrownBy(() -> TrainingPlan.codeDefaults("dac", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dac");
        assertThatThrownBy(() -> new TrainingPlan("gfncp", 1, 1, 4, 10, 0.7, 6, 6, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 clusters");
        assertThatThrownBy(() -> TrainingPlan.codeDefaults("gfncp", 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modelSettingsMergeAndAppearInTheDescription() {
        TrainingPlan plan = TrainingPlan.codeDefaults("gfncp", 5, null).withModelSettings(Map.of("hidden", 16))
                .withModelSettings(Map.of("encodingDimension", 8));
        assertThat(plan.modelSettings()).containsEntry("hidden", 16).containsEntry("encodingDimension", 8);
        assertThat(plan.describe()).contains("gfncp: 5 iterations")
                .contains("model {encodingDimension=8, hidden=16}");
    }
}
