package org.gfncp.spi.backend;

import java.util.Arrays;

/**
 * Element-wise conversions between the host array types of {@link TensorOps}' transfer kernels, with Java's
 * primitive casts: the semantics the contract gives INT32 conversion (toward zero, NaN to 0, saturating) and
 * float rounding to nearest. Every backend reads and writes host arrays through these, so they agree exactly.
 * Also the prefix sum, for backends whose arrays live in host memory and whose engine's own kernel fails them.
 */
public final class HostArrays {

    private HostArrays() {
    }

    public static double[] doubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    public static double[] doubles(int[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    public static float[] floats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    public static float[] floats(int[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    public static int[] ints(double[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    public static int[] ints(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    /**
     * Inclusive prefix sums of a row-major array of {@code shape} along {@code axis} (from the last element
     * backwards with {@code reverse}), accumulated in double.
     */
    public static double[] cumsum(double[] x, int[] shape, int axis, boolean reverse) {
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        int n = shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        if (x.length != outer * n * inner) {
            throw new IllegalArgumentException(x.length + " values for shape " + Arrays.toString(shape));
        }
        double[] o = new double[x.length];
        double[] acc = new double[inner];
        // a running sum per inner position, advanced a whole contiguous row at a time
        for (int p = 0; p < outer; p++) {
            Arrays.fill(acc, 0);
            for (int s = 0; s < n; s++) {
                int row = (p * n + (reverse ? n - 1 - s : s)) * inner;
                for (int q = 0; q < inner; q++) {
                    acc[q] += x[row + q];
                    o[row + q] = acc[q];
                }
            }
        }
        return o;
    }
}
