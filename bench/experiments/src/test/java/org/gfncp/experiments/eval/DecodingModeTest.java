package org.gfncp.experiments.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecodingModeTest {

    @Test
    void readsGreedyAndBeamsAndRejectsTheRest() {
        assertThat(DecodingMode.parse("greedy")).isEqualTo(DecodingMode.GREEDY);
        assertThat(DecodingMode.parse(" Greedy ").greedy()).isTrue();
        DecodingMode five = DecodingMode.parse("beam:5");
        assertThat(five.beams()).isEqualTo(5);
        assertThat(five.greedy()).isFalse();
        assertThat(five.id()).isEqualTo("beam5");
        assertThat(five).hasToString("beam:5");
        assertThat(DecodingMode.parse(five.toString())).isEqualTo(five);
        assertThat(DecodingMode.GREEDY.id()).isEqualTo("greedy");
        assertThat(DecodingMode.GREEDY.describe()).isEqualTo("Greedy decoding");
        assertThat(five.describe()).startsWith("Beam search with 5 beams").contains("2 kept after the first step, 5 after");
        assertThat(new DecodingMode(3).describe()).contains("3 after the second, then 3");
        for (String bad : new String[] {"beam:1", "beam:0", "beam:x", "beam", "beam:", "sample", ""}) {
            assertThatThrownBy(() -> DecodingMode.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'greedy' or 'beam:W'");
        }
        assertThatThrownBy(() -> new DecodingMode(0)).hasMessageContaining("at least one beam");
    }
}
