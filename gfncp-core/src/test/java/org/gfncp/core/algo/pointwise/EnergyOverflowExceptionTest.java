package org.gfncp.core.algo.pointwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gfncp.api.tensor.DType;
import org.junit.jupiter.api.Test;

class EnergyOverflowExceptionTest {

    @Test
    void boundsAreWhereNeighbouringValuesAreHalfANatApart() {
        double f32 = EnergyOverflowException.largestResolved(DType.FLOAT32);
        double f64 = EnergyOverflowException.largestResolved(DType.FLOAT64);
        assertThat(Math.ulp(Math.nextDown((float) f32))).isEqualTo(0.5f);
        assertThat(Math.ulp((float) f32)).isEqualTo(1f);
        assertThat(Math.ulp(Math.nextDown(f64))).isEqualTo(0.5);
        assertThat(Math.ulp(f64)).isEqualTo(1.0);
    }

    @Test
    void theFirstUnresolvedCandidateOfTheRangeIsReported() {
        double[] e = {1e9, -3, 2, Double.NaN, Double.NEGATIVE_INFINITY};
        assertThatCode(() -> EnergyOverflowException.requireResolved(e, 1, 2, DType.FLOAT32, 0, 0))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> EnergyOverflowException.requireResolved(e, 1, 3, DType.FLOAT32, 4, 7))
                .isInstanceOfSatisfying(EnergyOverflowException.class, x -> {
                    assertThat(x.set()).isEqualTo(4);
                    assertThat(x.point()).isEqualTo(7);
                    assertThat(x).hasMessage("set 4, the step of point 7: the model's energy reached NaN, beyond what "
                            + "float32 resolves; the points lie far outside the scale the model was trained on: "
                            + "rescale them");
                });
        assertThatThrownBy(() -> EnergyOverflowException.requireResolved(e, 0, 1, DType.FLOAT32, 0, 0))
                .hasMessageContaining("1.0E9");
        assertThatCode(() -> EnergyOverflowException.requireResolved(e, 0, 1, DType.FLOAT64, 0, 0))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> EnergyOverflowException.requireResolved(e, 4, 1, DType.FLOAT64, 0, 0))
                .hasMessageContaining("-Infinity").hasMessageContaining("float64");
    }

    @Test
    void workOverAChunkNamesSetsByTheCallersNumbers() {
        assertThat(EnergyOverflowException.numberingSetsFrom(7, () -> "done")).isEqualTo("done");
        assertThatThrownBy(() -> EnergyOverflowException.numberingSetsFrom(7, () -> {
            throw new EnergyOverflowException(2, 5, Double.NaN, DType.FLOAT32);
        })).isInstanceOfSatisfying(EnergyOverflowException.class, x -> {
            assertThat(x.set()).isEqualTo(9);
            assertThat(x.point()).isEqualTo(5);
        });
    }

    @Test
    void relocationKeepsTheFailureAndMovesItsPlace() {
        EnergyOverflowException x = new EnergyOverflowException(1, 2, Double.POSITIVE_INFINITY, DType.FLOAT32);
        EnergyOverflowException moved = x.relocated(9, 5);
        assertThat(moved.set()).isEqualTo(9);
        assertThat(moved.point()).isEqualTo(5);
        assertThat(moved.pointMessage()).startsWith("the step of point 5: the model's energy reached Infinity");
        assertThat(new EnergyOverflowException(3, -1, Double.NaN, DType.FLOAT64))
                .hasMessageStartingWith("set 3, the model's energy reached NaN, beyond what float64 resolves");
    }
}
