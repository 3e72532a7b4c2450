package org.gfncp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PointSetsTest {

    @Test
    void acceptsValidSetsAndReportsDimension() {
        assertThat(PointSets.validate(new double[][] {{1, 2}, {3, 4}}, -1)).isEqualTo(2);
        assertThat(PointSets.validateAll(List.of(new double[][] {{1}}, new double[][] {{2}, {3}}), 1)).isEqualTo(1);
    }

    @Test
    void namesSetPointAndDimensionOfBadValues() {
        assertThatThrownBy(() -> PointSets.validateAll(
                List.of(new double[][] {{1, 2}}, new double[][] {{1, 2}, {3, Double.NaN}}), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("set 1: point 1, dimension 1 is not finite: NaN");
        assertThatThrownBy(() -> PointSets.validate(new double[][] {{Double.POSITIVE_INFINITY, 0}}, 2))
                .hasMessage("point 0, dimension 0 is not finite: Infinity");
        assertThatThrownBy(() -> PointSets.validate(new double[][] {{0, 0}, {0, -1e39}}, 2))
                .hasMessageStartingWith("point 1, dimension 1 is -1.0E39, beyond the float32 range");
        assertThat(PointSets.validate(new double[][] {{0, Float.MAX_VALUE}}, 2)).isEqualTo(2);
    }

    @Test
    void rejectsWrongDimensionAndEmptySets() {
        assertThatThrownBy(() -> PointSets.validate(new double[][] {{1, 2}, {3}}, -1))
                .hasMessage("point 1 has dimension 1, expected 2");
        assertThatThrownBy(() -> PointSets.validate(new double[][] {{1, 2, 3}}, 2))
                .hasMessage("point 0 has dimension 3, expected 2");
        assertThatThrownBy(() -> PointSets.validateAll(List.of(new double[][] {{1}}, new double[0][]), 1))
                .hasMessage("set 1: point set is empty");
        assertThatThrownBy(() -> PointSets.validateAll(List.of(), 1)).hasMessage("no point sets given");
    }

    @Test
    void medianCenteringSubtractsEachDimensionsMedianFromACopy() {
        double[][] points = {{1, 10}, {5, 30}, {3, 20}, {100, 0}};
        // medians: (3 + 5) / 2 = 4 and (10 + 20) / 2 = 15
        assertThat(PointSets.medians(points)).containsExactly(4, 15);
        double[][] centered = PointSets.medianCentered(points);
        assertThat(centered).isDeepEqualTo(new double[][] {{-3, -5}, {1, 15}, {-1, 5}, {96, -15}});
        assertThat(points[0]).containsExactly(1, 10);
        assertThat(PointSets.medians(centered)).containsExactly(0, 0);
    }
}
