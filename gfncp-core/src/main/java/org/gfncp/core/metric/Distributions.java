package org.gfncp.core.metric;

import java.util.Arrays;

/** Empirical distribution summaries for plots (SDPP histograms and ECDFs). */
public final class Distributions {

    private Distributions() {
    }

    /**
     * Empirical CDF as a step function: {@code y[i]} is the fraction of values {@code <= x[i]}, with {@code x} the
     * distinct sorted values.
     */
    public record Ecdf(double[] x, double[] y) {

        /** Fraction of values {@code <= t}. */
        public double at(double t) {
            int i = Arrays.binarySearch(x, t);
            if (i >= 0) {
                return y[i];
            }
            int insertion = -i - 1;
            return insertion == 0 ? 0.0 : y[insertion - 1];
        }

        /**
         * The graph of the step function from {@code (start, 0)} as a polyline, {@code [xs, ys]}: at every distinct
         * value a horizontal segment to it, then its riser. Each riser also carries a point a third of the way up:
         * on the line, so invisible, but it keeps the y values from being equally spaced. Without ties an ECDF's
         * levels are exactly 1/n, 2/n, ..., and XChart then puts the y ticks on every m-th level (0.03 apart for
         * n = 300), which a one-decimal axis labels as 0.0, 0.1, ... at the wrong heights.
         */
        public double[][] polyline(double start) {
            if (x.length > 0 && start > x[0]) {
                throw new IllegalArgumentException("the polyline must start at or below the smallest value " + x[0]
                        + ", got " + start);
            }
            double[] xs = new double[3 * x.length + 1];
            double[] ys = new double[xs.length];
            xs[0] = start;
            for (int i = 0; i < x.length; i++) {
                double below = i == 0 ? 0.0 : y[i - 1];
                int at = 3 * i + 1;
                xs[at] = x[i];
                ys[at] = below;
                xs[at + 1] = x[i];
                ys[at + 1] = below + (y[i] - below) / 3;
                xs[at + 2] = x[i];
                ys[at + 2] = y[i];
            }
            return new double[][] {xs, ys};
        }
    }

    /**
     * Histogram with equal-width bins over {@code [min, max]}; the last bin is closed on the right (numpy's rule).
     *
     * @param edges {@code bins + 1} bin edges
     * @param counts values per bin
     */
    public record Histogram(double[] edges, long[] counts) {

        /** Bin centres, for bar charts. */
        public double[] centers() {
            double[] c = new double[counts.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = 0.5 * (edges[i] + edges[i + 1]);
            }
            return c;
        }

        /** Counts normalized so that the histogram integrates to 1 (numpy's {@code density=True}). */
        public double[] density() {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            double[] d = new double[counts.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = total == 0 ? 0 : counts[i] / (total * (edges[i + 1] - edges[i]));
            }
            return d;
        }
    }

    public static Ecdf ecdf(double[] values) {
        double[] sorted = finiteSorted(values);
        int distinct = 0;
        double[] x = new double[sorted.length];
        double[] y = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            if (i + 1 < sorted.length && sorted[i + 1] == sorted[i]) {
                continue;
            }
            x[distinct] = sorted[i];
            y[distinct] = (i + 1) / (double) sorted.length;
            distinct++;
        }
        return new Ecdf(Arrays.copyOf(x, distinct), Arrays.copyOf(y, distinct));
    }

    /** Histogram over the values' own range. */
    public static Histogram histogram(double[] values, int bins) {
        double[] sorted = finiteSorted(values);
        double min = sorted[0];
        double max = sorted[sorted.length - 1];
        if (min == max) {
            // numpy widens a degenerate range by 0.5 each side.
            min -= 0.5;
            max += 0.5;
        }
        return histogram(values, bins, min, max);
    }

    public static Histogram histogram(double[] values, int bins, double min, double max) {
        if (bins < 1) {
            throw new IllegalArgumentException("histogram needs at least one bin, got " + bins);
        }
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("histogram range must be finite with min < max, got [" + min + ", " + max + "]");
        }
        double[] edges = new double[bins + 1];
        double width = (max - min) / bins;
        for (int i = 0; i <= bins; i++) {
            edges[i] = min + i * width;
        }
        edges[bins] = max;
        long[] counts = new long[bins];
        for (double v : finiteSorted(values)) {
            if (v < min || v > max) {
                continue;
            }
            int bin = v == max ? bins - 1 : (int) ((v - min) / width);
            counts[Math.min(bin, bins - 1)]++;
        }
        return new Histogram(edges, counts);
    }

    private static double[] finiteSorted(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarize");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is not finite: " + values[i]);
            }
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
