package org.gfncp.cli.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingLogTest {

    private static TrainingLog.Row row(long iteration, double elapsed) {
        return new TrainingLog.Row(iteration, 1.0, Double.NaN, elapsed);
    }

    @Test
    void secondsPerIterationAreTheStepsOfTheElapsedColumn() {
        double[] s = TrainingLog.secondsPerIteration(List.of(row(1, 0.5), row(2, 0.7), row(3, 1.0)));
        assertThat(s[0]).isCloseTo(0.5, within(1e-12));
        assertThat(s[1]).isCloseTo(0.2, within(1e-12));
        assertThat(s[2]).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void aResumeStartsTheClockAgainAndGapsAreSpreadOverTheirIterations() {
        // 3 -> 4: elapsed_s fell, so iteration 4 began a new process; 4 -> 8: four iterations in 2 s
        double[] s = TrainingLog.secondsPerIteration(List.of(row(2, 9.0), row(3, 10.0), row(4, 0.4), row(8, 2.4)));
        assertThat(s).containsExactly(new double[] {9.0, 1.0, 0.4, 0.5}, within(1e-12));
    }

    @Test
    void anEmptyLogHasNoTimes() {
        assertThat(TrainingLog.secondsPerIteration(List.of())).isEmpty();
    }
}
