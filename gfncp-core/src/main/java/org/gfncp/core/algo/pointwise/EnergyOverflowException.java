package org.gfncp.core.algo.pointwise;

import java.util.Locale;
import java.util.function.Supplier;
import org.gfncp.api.tensor.DType;
import org.gfncp.spi.backend.TensorOps;

/**
 * A decoding step whose energies left what the model's float type can resolve: infinite, NaN, or so large that
 * neighbouring values of that type lie more than half a nat apart, so the step's probabilities would be rounding
 * noise (a float32 model given a point at 1e30 gave every candidate probability 1). Finite input does this only
 * far outside the scale the model was trained on, so it is reported as bad input rather than returned as a
 * clustering.
 */
public final class EnergyOverflowException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int set;
    private final int point;
    private final double energy;
    private final DType dtype;

    /**
     * @param set index of the set among those the call was given
     * @param point index of the point whose step overflowed first, in input order (the offending point may be a
     *     later one that the step already sees, as GFNCP's U does), or -1 where a whole set's teacher-forced pass did
     * @param energy the offending energy
     * @param dtype the model's float type
     */
    public EnergyOverflowException(int set, int point, double energy, DType dtype) {
        super("set " + set + ", " + describe(point, energy, dtype));
        this.set = set;
        this.point = point;
        this.energy = energy;
        this.dtype = dtype;
    }

    /** The set's index among the sets of the call that threw. */
    public int set() {
        return set;
    }

    /** The point whose step overflowed, in the set's input order; -1 where a whole set's pass did. */
    public int point() {
        return point;
    }

    /** The same failure at another set and point index, for a caller that numbers them its own way. */
    public EnergyOverflowException relocated(int newSet, int newPoint) {
        return new EnergyOverflowException(newSet, newPoint, energy, dtype);
    }

    /**
     * Runs {@code work} over sets that the caller numbers from {@code first} (a chunk of its list, or one set): an
     * overflow inside comes out naming the set by the caller's number.
     */
    public static <T> T numberingSetsFrom(int first, Supplier<T> work) {
        try {
            return work.get();
        } catch (EnergyOverflowException e) {
            throw e.relocated(first + e.set(), e.point());
        }
    }

    /** The message without the set, for callers that name sets their own way. */
    public String pointMessage() {
        return describe(point, energy, dtype);
    }

    private static String describe(int point, double value, DType dtype) {
        return (point < 0 ? "" : "the step of point " + point + ": ") + "the model's energy reached " + value
                + ", beyond what " + dtype.name().toLowerCase(Locale.ROOT) + " resolves; the points lie far outside "
                + "the scale the model was trained on: rescale them";
    }

    /**
     * The largest energy magnitude at which neighbouring values of {@code dtype} are at most half a nat apart.
     */
    static double largestResolved(DType dtype) {
        return dtype == DType.FLOAT64 ? 0x1p52 : 0x1p23;
    }

    /**
     * Throws for the first energy of {@code e[from .. from + count)} that is not finite or not resolved.
     *
     * @param set reported set index
     * @param point reported point index
     */
    static void requireResolved(double[] e, int from, int count, DType dtype, int set, int point) {
        double largest = largestResolved(dtype);
        for (int j = from; j < from + count; j++) {
            if (!(Math.abs(e[j]) < largest)) {
                throw new EnergyOverflowException(set, point, e[j], dtype);
            }
        }
    }

    /**
     * Throws for the first set of a teacher-forced pass whose largest energy magnitude is not resolved (reported at
     * point -1). One reduction and one value per set cross to the host.
     */
    static void requireResolved(TensorOps ops, TeacherForced tf, DType dtype) {
        // invalid slots hold 0, which never raises the largest magnitude
        double[] largest = ops.toDoubles(ops.max(ops.abs(tf.energies().value()), new int[] {1, 2}, false));
        for (int b = 0; b < largest.length; b++) {
            requireResolved(largest, b, 1, dtype, b, -1);
        }
    }
}
