package org.gfncp.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlotsTest {

    @Test
    void movingMedianIgnoresSingleSpikes() {
        // a validation iteration (10 s) among 0.2 s ones does not move a median of three
        double[] m = Plots.movingMedian(new double[] {0.2, 0.2, 10, 0.2, 0.2}, 3);
        assertThat(m).containsExactly(0.2, 0.2, 0.2, 0.2, 0.2);
    }

    @Test
    void movingMedianUsesTheValuesSoFarAtTheStart() {
        assertThat(Plots.movingMedian(new double[] {4, 2, 6, 8}, 3)).containsExactly(4, 3, 4, 6);
    }
}
