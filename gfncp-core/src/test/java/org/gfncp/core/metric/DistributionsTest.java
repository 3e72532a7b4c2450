package org.gfncp.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionsTest {

    @Test
    void ecdfStepsAtDistinctValues() {
        Distributions.Ecdf ecdf = Distributions.ecdf(new double[] {3, 1, 2, 2});
        assertThat(ecdf.x()).containsExactly(1, 2, 3);
        assertThat(ecdf.y()).containsExactly(0.25, 0.75, 1.0);
        assertThat(ecdf.at(0.5)).isEqualTo(0.0);
        assertThat(ecdf.at(2.5)).isEqualTo(0.75);
        assertThat(ecdf.at(9)).isEqualTo(1.0);
    }

    @Test
    void histogramFollowsNumpyBinning() {
        // numpy.histogram([0, 0.5, 1, 1, 2], bins=2) -> counts [2, 3], edges [0, 1, 2]
        Distributions.Histogram h = Distributions.histogram(new double[] {0, 0.5, 1, 1, 2}, 2);
        assertThat(h.edges()).containsExactly(0, 1, 2);
        assertThat(h.counts()).containsExactly(2, 3);
        assertThat(h.centers()).containsExactly(0.5, 1.5);
        assertThat(h.density()).containsExactly(new double[] {0.4, 0.6}, within(1e-12));
        Distributions.Histogram degenerate = Distributions.histogram(new double[] {5, 5}, 1);
        assertThat(degenerate.edges()).containsExactly(4.5, 5.5);
        assertThat(degenerate.counts()).containsExactly(2);
    }

    @Test
    void rejectsEmptyOrNonFiniteInput() {
        assertThatThrownBy(() -> Distributions.ecdf(new double[0])).hasMessageContaining("no values");
        assertThatThrownBy(() -> Distributions.histogram(new double[] {1, Double.NaN}, 3)).hasMessageContaining("value 1");
        assertThatThrownBy(() -> Distributions.histogram(new double[] {1}, 0)).hasMessageContaining("bin");
    }
}
