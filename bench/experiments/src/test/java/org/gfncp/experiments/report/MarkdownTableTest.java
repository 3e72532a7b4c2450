package org.gfncp.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gfncp.core.metric.Summary;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void rendersHeaderSeparatorAndRows() {
        String text = new MarkdownTable(List.of("Method", "NMI"))
                .row(List.of("NCP", "0.950 ± 0.010"))
                .row(List.of("a|b", "n/a"))
                .render();
        assertThat(text.lines().toList()).containsExactly(
                "| Method | NMI |",
                "| --- | ---: |",
                "| NCP | 0.950 ± 0.010 |",
                "| a\\|b | n/a |");
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        MarkdownTable table = new MarkdownTable(List.of("a", "b"));
        assertThatThrownBy(() -> table.row(List.of("only one"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 cells").hasMessageContaining("2 columns");
    }

    @Test
    void formatsMeanStdAndMissingValues() {
        assertThat(MarkdownTable.meanStd(Summary.of(new double[] {0.9, 1.0}), 3)).isEqualTo("0.950 ± 0.050");
        assertThat(MarkdownTable.meanStd(new Summary(Double.NaN, Double.NaN, 0), 3)).isEqualTo("n/a");
        assertThat(MarkdownTable.number(41.123, 1)).isEqualTo("41.1");
        assertThat(MarkdownTable.number(Double.NaN, 1)).isEqualTo("n/a");
    }
}
