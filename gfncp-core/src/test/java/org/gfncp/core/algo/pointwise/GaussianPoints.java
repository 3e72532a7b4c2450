package org.gfncp.core.algo.pointwise;

import org.gfncp.core.random.RandomStream;

/** Test sets of 2-D points drawn around the origin, reproducible from a seed. */
public final class GaussianPoints {

    private GaussianPoints() {
    }

    /** {@code n} points with independent N(0, std^2) coordinates. */
    public static double[][] sample(int n, double std, long seed) {
        RandomStream r = new RandomStream(seed);
        double[][] x = new double[n][2];
        for (double[] p : x) {
            p[0] = std * r.nextGaussian();
            p[1] = std * r.nextGaussian();
        }
        return x;
    }
}
