package org.gfncp.api.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the backends, the reference kernels and the tape. */
public final class Shapes {

    private Shapes() {
    }

    /** Product of the dimensions; 1 for a scalar. */
    public static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Normalizes a possibly negative axis against {@code rank}, failing with a clear message when out of range. */
    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** NumPy broadcasting of two shapes; throws {@link IllegalArgumentException} naming both shapes when they clash. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(
                        "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Row-major strides of a shape (in elements). */
    public static long[] strides(int[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Shape after reducing {@code axes} (already normalized or not), keeping them as size 1 or dropping them. */
    public static int[] reduce(int[] shape, int[] axes, boolean keepDims) {
        boolean[] reduced = reducedMask(shape.length, axes);
        int kept = 0;
        for (boolean r : reduced) {
            if (!r) {
                kept++;
            }
        }
        int[] out = new int[keepDims ? shape.length : kept];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (keepDims) {
                out[i] = reduced[i] ? 1 : shape[i];
            } else if (!reduced[i]) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /** Marks which of {@code rank} axes appear in {@code axes}; rejects duplicates. */
    public static boolean[] reducedMask(int rank, int[] axes) {
        boolean[] m = new boolean[rank];
        for (int a : axes) {
            int n = axis(a, rank);
            if (m[n]) {
                throw new IllegalArgumentException("axis " + a + " given twice in " + Arrays.toString(axes));
            }
            m[n] = true;
        }
        return m;
    }

    /**
     * Resolves one {@code -1} entry of a reshape target and checks the element count.
     */
    public static int[] reshape(int[] from, int[] to) {
        int[] out = to.clone();
        long known = 1;
        int free = -1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (free >= 0) {
                    throw new IllegalArgumentException("more than one -1 in reshape " + Arrays.toString(to));
                }
                free = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException("negative dimension in reshape " + Arrays.toString(to));
            } else {
                known *= out[i];
            }
        }
        long total = size(from);
        if (free >= 0) {
            if (known == 0 || total % known != 0) {
                throw new IllegalArgumentException(
                        "cannot reshape " + Arrays.toString(from) + " to " + Arrays.toString(to));
            }
            out[free] = (int) (total / known);
        } else if (known != total) {
            throw new IllegalArgumentException(
                    "cannot reshape " + Arrays.toString(from) + " to " + Arrays.toString(to));
        }
        return out;
    }

    /** The axes of {@code outShape} along which {@code inShape} was broadcast (the axes a gradient must be summed over). */
    public static int[] broadcastAxes(int[] inShape, int[] outShape) {
        int lead = outShape.length - inShape.length;
        int count = 0;
        int[] tmp = new int[outShape.length];
        for (int i = 0; i < outShape.length; i++) {
            if (i < lead || (inShape[i - lead] == 1 && outShape[i] != 1)) {
                tmp[count++] = i;
            }
        }
        return Arrays.copyOf(tmp, count);
    }
}
