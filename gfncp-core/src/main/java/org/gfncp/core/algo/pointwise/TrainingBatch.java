package org.gfncp.core.algo.pointwise;

import org.gfncp.core.data.Partitions;

/**
 * One minibatch of labeled sets of equal size.
 *
 * @param points {@code [B][N][D]}
 * @param labels canonical labels per set, {@code [B][N]} (the generators share one labeling across the batch)
 * @param exploration true when the labels were replaced by random ones (GFNCP exploration batches)
 */
public record TrainingBatch(double[][][] points, int[][] labels, boolean exploration) {

    public TrainingBatch {
        if (points.length == 0 || points.length != labels.length) {
            throw new IllegalArgumentException("a batch needs one labeling per set and at least one set, got "
                    + points.length + " sets and " + labels.length + " labelings");
        }
        for (int b = 0; b < points.length; b++) {
            if (points[b].length != points[0].length || labels[b].length != points[b].length) {
                throw new IllegalArgumentException("set " + b + " has " + points[b].length + " points and "
                        + labels[b].length + " labels; every set needs " + points[0].length);
            }
        }
    }

    public int batchSize() {
        return points.length;
    }

    public int setSize() {
        return points[0].length;
    }

    /**
     * This batch with every set's points and labels reordered by {@code order} (a permutation of the set size,
     * shared by the sets) and the labels made canonical again.
     */
    public TrainingBatch permuted(int[] order) {
        double[][][] permutedPoints = new double[batchSize()][][];
        int[][] permutedLabels = new int[batchSize()][];
        for (int b = 0; b < permutedPoints.length; b++) {
            permutedPoints[b] = Partitions.permute(points[b], order);
            permutedLabels[b] = Partitions.relabel(Partitions.permute(labels[b], order));
        }
        return new TrainingBatch(permutedPoints, permutedLabels, exploration);
    }
}
