package org.gfncp.testkit;

import org.gfncp.core.random.RandomStream;

/** Seeded test data and small host-side helpers for the contracts. */
public final class Generated {

    private Generated() {
    }

    /** {@code n} values uniform in [-3, 3). */
    public static double[] reals(int n, long seed) {
        RandomStream rng = new RandomStream(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble() * 6 - 3;
        }
        return v;
    }

    /** {@code n} floats uniform in [-3, 3). */
    public static float[] floats(int n, long seed) {
        return toFloats(reals(n, seed));
    }

    /** {@code n} ints in [-1000, 1000). */
    public static int[] ints(int n, long seed) {
        RandomStream rng = new RandomStream(seed);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(-1000, 1000);
        }
        return v;
    }

    public static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    public static int[] toInts(double[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    public static double dot(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dot of " + a.length + " and " + b.length + " elements");
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
