package org.gfncp.experiments.timing;

/**
 * Least-squares line through {@code (log x, log y)}: time ~ c * N^slope, so slope 1 means linear growth.
 *
 * @param slope the exponent
 * @param intercept log c
 */
public record LogLogFit(double slope, double intercept) {

    /** Exponents within this distance of 1 count as linear (timer noise and fixed per-call costs bend the curve). */
    public static final double LINEAR_TOLERANCE = 0.2;

    public static LogLogFit of(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("a log-log fit needs at least two (x, y) pairs, got " + x.length
                    + " x and " + y.length + " y");
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0) || !(y[i] > 0)) {
                throw new IllegalArgumentException("log-log fit needs positive values, got (" + x[i] + ", " + y[i] + ")");
            }
            mx += Math.log(x[i]);
            my += Math.log(y[i]);
        }
        mx /= x.length;
        my /= x.length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = Math.log(x[i]) - mx;
            sxy += dx * (Math.log(y[i]) - my);
            sxx += dx * dx;
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("log-log fit needs at least two distinct x values");
        }
        double slope = sxy / sxx;
        return new LogLogFit(slope, my - slope * mx);
    }

    public boolean linear() {
        return Math.abs(slope - 1) <= LINEAR_TOLERANCE;
    }
}
