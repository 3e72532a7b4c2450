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
        assertThat(five.count()).isEqualTo(5);
        assertThat(five.greedy()).isFalse();
        assertThat(five.id()).isEqualTo("beam5");
        assertThat(five).hasToString("beam:5");
        assertThat(DecodingMode.parse(five.toString())).isEqualTo(five);
        assertThat(DecodingMode.GREEDY.id()).isEqualTo("greedy");
        assertThat(DecodingMode.GREEDY.describe()).isEqualTo("Greedy decoding");
        assertThat(five.describe()).startsWith("Beam search with 5 beams").contains("2 kept after the first step, 5 after");
        assertThat(DecodingMode.parse("beam:3").describe()).contains("3 after the second, then 3");
        DecodingMode average = DecodingMode.parse("average:100");
        assertThat(average.kind()).isEqualTo(DecodingMode.Kind.AVERAGE);
        assertThat(average.count()).isEqualTo(100);
        assertThat(average.id()).isEqualTo("average100");
        assertThat(DecodingMode.parse(average.toString())).isEqualTo(average);
        assertThat(average.describe()).startsWith("Average score").contains("among 100 policy samples");
        assertThat(DecodingMode.parse("average:1").count()).isEqualTo(1);
        for (String bad : new String[] {"beam:1", "beam:0", "beam:x", "beam", "beam:", "average:0", "average:-3",
            "sample", ""}) {
            assertThatThrownBy(() -> DecodingMode.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'greedy', 'beam:W' with W >= 2 beams or 'average:S'");
        }
        assertThatThrownBy(() -> new DecodingMode(DecodingMode.Kind.GREEDY, 2)).hasMessageContaining("greedy");
        assertThatThrownBy(() -> new DecodingMode(DecodingMode.Kind.BEAM, 1)).hasMessageContaining("beam");
    }
}
