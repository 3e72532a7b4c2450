package org.gfncp.experiments.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogLogFitTest {

    private static final double[] N = {100, 300, 1000, 10000};

    @Test
    void recoversTheExponentOfAPowerLaw() {
        double[] linear = new double[N.length];
        double[] quadratic = new double[N.length];
        for (int i = 0; i < N.length; i++) {
            linear[i] = 3e-4 * N[i];
            quadratic[i] = 2e-6 * N[i] * N[i];
        }
        LogLogFit lin = LogLogFit.of(N, linear);
        assertThat(lin.slope()).isCloseTo(1.0, within(1e-12));
        assertThat(lin.intercept()).isCloseTo(Math.log(3e-4), within(1e-9));
        assertThat(lin.linear()).isTrue();
        LogLogFit quad = LogLogFit.of(N, quadratic);
        assertThat(quad.slope()).isCloseTo(2.0, within(1e-12));
        assertThat(quad.linear()).isFalse();
    }

    @Test
    void rejectsTooFewOrNonPositivePoints() {
        assertThatThrownBy(() -> LogLogFit.of(new double[] {1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogLogFit.of(new double[] {1, 2}, new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> LogLogFit.of(new double[] {2, 2}, new double[] {1, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
    }
}
