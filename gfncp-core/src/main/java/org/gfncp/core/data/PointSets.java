package org.gfncp.core.data;

import java.util.List;
import org.gfncp.core.metric.ClusteringMetrics;

/**
 * Validation of user-supplied point sets, with messages that say exactly which set, point and dimension is wrong;
 * and the median-centered frame the mixture training sets are drawn in.
 */
public final class PointSets {

    private PointSets() {
    }

    /** Per-dimension median over rows (mean of the two middle values for an even count, as numpy does). */
    public static double[] medians(double[][] points) {
        int dims = points[0].length;
        double[] median = new double[dims];
        double[] column = new double[points.length];
        for (int d = 0; d < dims; d++) {
            for (int i = 0; i < points.length; i++) {
                column[i] = points[i][d];
            }
            median[d] = ClusteringMetrics.median(column);
        }
        return median;
    }

    /**
     * A copy of {@code points} with each dimension's median subtracted: the frame of the training sets of
     * {@link MixtureOfGaussians}, which models are not invariant to.
     */
    public static double[][] medianCentered(double[][] points) {
        double[][] out = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            out[i] = points[i].clone();
        }
        subtract(out, medians(points));
        return out;
    }

    /** Subtracts {@code shift} from every row, in place. */
    static void subtract(double[][] rows, double[] shift) {
        for (double[] row : rows) {
            for (int d = 0; d < shift.length; d++) {
                row[d] -= shift[d];
            }
        }
    }

    /**
     * Checks one set: non-empty, every row of length {@code dimension}, every coordinate finite as a float32.
     *
     * @param dimension the expected point dimension, or -1 to take it from the first row
     * @return the dimension
     * @throws IllegalArgumentException naming the offending point and dimension
     */
    public static int validate(double[][] points, int dimension) {
        return validate(points, dimension, "");
    }

    /** Checks every set as {@link #validate(double[][], int)} and that they all share one dimension. */
    public static int validateAll(List<double[][]> sets, int dimension) {
        if (sets == null || sets.isEmpty()) {
            throw new IllegalArgumentException("no point sets given");
        }
        int dim = dimension;
        for (int s = 0; s < sets.size(); s++) {
            dim = validate(sets.get(s), dim, "set " + s + ": ");
        }
        return dim;
    }

    private static int validate(double[][] points, int dimension, String where) {
        if (points == null || points.length == 0) {
            throw new IllegalArgumentException(where + "point set is empty");
        }
        int dim = dimension;
        for (int i = 0; i < points.length; i++) {
            double[] p = points[i];
            if (p == null) {
                throw new IllegalArgumentException(where + "point " + i + " is null");
            }
            if (dim < 0) {
                if (p.length == 0) {
                    throw new IllegalArgumentException(where + "point " + i + " has no coordinates");
                }
                dim = p.length;
            }
            if (p.length != dim) {
                throw new IllegalArgumentException(
                        where + "point " + i + " has dimension " + p.length + ", expected " + dim);
            }
            for (int d = 0; d < dim; d++) {
                if (!Double.isFinite(p[d])) {
                    throw new IllegalArgumentException(
                            where + "point " + i + ", dimension " + d + " is not finite: " + p[d]);
                }
                if (Math.abs(p[d]) > Float.MAX_VALUE) {
                    // finite as a double, infinite once the backends store it as float32
                    throw new IllegalArgumentException(where + "point " + i + ", dimension " + d + " is " + p[d]
                            + ", beyond the float32 range (+-" + Float.MAX_VALUE + ") the models compute in");
                }
            }
        }
        return dim;
    }
}
