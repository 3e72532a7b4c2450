package org.gfncp.testkit;

import org.gfncp.core.random.RandomStream;

/**
 * How one kernel input is generated: its shape and the kind of values. Floating kinds follow the case's dtype;
 * index kinds are always INT32.
 */
public record Input(int[] shape, Kind kind, double[] fixed, int bound) {

    /** Value families. */
    public enum Kind {
        /** Uniform in [-3, 3). */
        REAL,
        /** Uniform in [0.5, 3): safe for log, sqrt, division. */
        POSITIVE,
        /** Whole numbers in [-2, 2], so ties and equalities occur. */
        SMALL_INT,
        /** 0 or 1. */
        MASK,
        /** REAL with about a third of the elements replaced by NaN, +inf or -inf. */
        SPECIAL,
        /** Given floating values. */
        FIXED,
        /** INT32 uniform in [0, bound). */
        INDEX,
        /** Given INT32 values. */
        FIXED_INDEX
    }

    public static Input real(int... shape) {
        return new Input(shape, Kind.REAL, null, 0);
    }

    public static Input positive(int... shape) {
        return new Input(shape, Kind.POSITIVE, null, 0);
    }

    public static Input smallInt(int... shape) {
        return new Input(shape, Kind.SMALL_INT, null, 0);
    }

    public static Input mask(int... shape) {
        return new Input(shape, Kind.MASK, null, 0);
    }

    public static Input special(int... shape) {
        return new Input(shape, Kind.SPECIAL, null, 0);
    }

    public static Input values(double[] values, int... shape) {
        return new Input(shape, Kind.FIXED, values.clone(), 0);
    }

    public static Input index(int bound, int... shape) {
        return new Input(shape, Kind.INDEX, null, bound);
    }

    /** A rank-1 INT32 index holding exactly {@code values}. */
    public static Input indices(int... values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new Input(new int[] {values.length}, Kind.FIXED_INDEX, d, 0);
    }

    /** True for INT32 index inputs, whatever the case's dtype. */
    public boolean isIndex() {
        return kind == Kind.INDEX || kind == Kind.FIXED_INDEX;
    }

    /** Number of elements. */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Draws the values (or copies the fixed ones). */
    public double[] generate(RandomStream rng) {
        if (fixed != null) {
            if (fixed.length != size()) {
                throw new IllegalArgumentException("fixed input has " + fixed.length + " values for "
                        + size() + " elements");
            }
            return fixed.clone();
        }
        double[] v = new double[size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (kind) {
                case REAL -> rng.nextDouble() * 6 - 3;
                case POSITIVE -> 0.5 + rng.nextDouble() * 2.5;
                case SMALL_INT -> rng.nextInt(-2, 3);
                case MASK -> rng.nextInt(2);
                case SPECIAL -> special(rng);
                case INDEX -> rng.nextInt(bound);
                case FIXED, FIXED_INDEX -> throw new IllegalStateException("fixed input without values");
            };
        }
        return v;
    }

    private static double special(RandomStream rng) {
        return switch (rng.nextInt(9)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            default -> rng.nextDouble() * 6 - 3;
        };
    }
}
