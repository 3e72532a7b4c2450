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
}
