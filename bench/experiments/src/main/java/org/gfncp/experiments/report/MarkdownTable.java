package org.gfncp.experiments.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gfncp.core.metric.Summary;

/** A GitHub-flavoured Markdown table built row by row. */
public final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(List<String> header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.header = List.copyOf(header);
    }

    /** Adds a row; it must have one cell per column. */
    public MarkdownTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells but the table has " + header.size()
                    + " columns " + header);
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public int rows() {
        return rows.size();
    }

    /** Header, separator and rows; pipes inside cells are escaped. */
    public String render() {
        StringBuilder out = new StringBuilder();
        line(out, header);
        List<String> separator = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            separator.add(i == 0 ? "---" : "---:");
        }
        line(out, separator);
        rows.forEach(r -> line(out, r));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        out.append('\n');
    }

    /** {@code "0.912 ± 0.010"}; NaN shows as {@code "n/a"}. */
    public static String meanStd(Summary summary, int decimals) {
        if (Double.isNaN(summary.mean())) {
            return "n/a";
        }
        return summary.format(decimals);
    }

    /** A number with {@code decimals} decimals; NaN shows as {@code "n/a"}. */
    public static String number(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
