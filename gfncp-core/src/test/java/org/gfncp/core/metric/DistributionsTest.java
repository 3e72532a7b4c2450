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
    void polylineTracesTheStepsWithAPointOnEveryRiser() {
        Distributions.Ecdf ecdf = Distributions.ecdf(new double[] {3, 1, 2, 2});
        double[][] line = ecdf.polyline(0);
        assertThat(line[0]).containsExactly(0, 1, 1, 1, 2, 2, 2, 3, 3, 3);
        assertThat(line[1]).containsExactly(new double[] {0, 0, 0.25 / 3, 0.25, 0.25, 0.25 + 0.5 / 3, 0.75, 0.75,
                0.75 + 0.25 / 3, 1.0}, within(1e-15));
        // no ties: the levels 1/4, 2/4, ... alone are equally spaced; with the riser points the distinct y values
        // are not
        double[][] distinct = Distributions.ecdf(new double[] {1, 2, 3, 4}).polyline(1);
        double[] levels = java.util.Arrays.stream(distinct[1]).distinct().sorted().toArray();
        assertThat(levels[1] - levels[0]).isNotCloseTo(levels[2] - levels[1], within(1e-6));
        assertThatThrownBy(() -> ecdf.polyline(1.5)).hasMessageContaining("smallest value 1.0");
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
