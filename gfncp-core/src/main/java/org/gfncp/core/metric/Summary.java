package org.gfncp.core.metric;

import java.util.Locale;

/**
 * Mean and population standard deviation (numpy's default, ddof = 0) of a sample.
 *
 * @param count number of values summarized
 */
public record Summary(double mean, double std, int count) {

    public static Summary of(double[] values) {
        return new Summary(ClusteringMetrics.mean(values), ClusteringMetrics.std(values), values.length);
    }

    /** {@code "0.912 ± 0.010"} with the given number of decimals. */
    public String format(int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f", mean, std);
    }

    @Override
    public String toString() {
        return format(3);
    }
}
