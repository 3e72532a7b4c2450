package org.gfncp.experiments.eval;

import java.util.EnumMap;
import java.util.Map;
import org.gfncp.core.metric.Summary;

/**
 * Per-set values of every {@link Metric} for one model on one benchmark, plus the decoding wall time.
 *
 * @param values per metric, one value per test set (all arrays have the same length)
 * @param decodeSeconds wall time of greedy decoding of all sets
 */
public record SetScores(Map<Metric, double[]> values, double decodeSeconds) {

    public SetScores {
        EnumMap<Metric, double[]> copy = new EnumMap<>(Metric.class);
        int length = -1;
        for (Metric metric : Metric.values()) {
            double[] v = values.get(metric);
            if (v == null) {
                throw new IllegalArgumentException("set scores lack " + metric);
            }
            if (length >= 0 && v.length != length) {
                throw new IllegalArgumentException(metric + " has " + v.length + " values but others have " + length);
            }
            length = v.length;
            copy.put(metric, v.clone());
        }
        values = copy;
    }

    public int sets() {
        return values.get(Metric.NMI).length;
    }

    public double[] get(Metric metric) {
        return values.get(metric).clone();
    }

    /** Mean and population std across the sets. */
    public Summary summary(Metric metric) {
        return Summary.of(values.get(metric));
    }
}
