package org.gfncp.cli.io;

import java.util.List;
import java.util.Optional;

/**
 * Point sets read from one file.
 *
 * @param setIds one id per set (the set-id column's values, or {@code "0"}, {@code "1"}, ...)
 * @param sets {@code [N][D]} points per set, in file order
 * @param labels ground-truth labels per set when the file has a label column, otherwise null
 */
public record PointInput(List<String> setIds, List<double[][]> sets, List<int[]> labels) {

    public PointInput {
        setIds = List.copyOf(setIds);
        sets = List.copyOf(sets);
        labels = labels == null ? null : List.copyOf(labels);
    }

    public Optional<List<int[]>> groundTruth() {
        return Optional.ofNullable(labels);
    }

    public int dimension() {
        return sets.get(0)[0].length;
    }
}
