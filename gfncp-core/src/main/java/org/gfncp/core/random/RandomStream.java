package org.gfncp.core.random;

import java.util.SplittableRandom;

/**
 * The only source of randomness in core: a seedable, splittable stream (SplitMix64 underneath), computed on the
 * Java side so that initial weights, generated data and sampled actions are identical on every backend.
 * Not thread-safe: {@link #split()} gives each thread or task its own independent stream.
 */
public final class RandomStream {

    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpare;

    public RandomStream(long seed) {
        this(new SplittableRandom(seed));
    }

    private RandomStream(SplittableRandom random) {
        this.random = random;
    }

    /** An independent child stream; this stream advances by one draw. */
    public RandomStream split() {
        return new RandomStream(random.split());
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in [origin, bound). */
    public int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    public boolean nextBoolean(double pTrue) {
        return random.nextDouble() < pTrue;
    }

    /** Standard normal (polar Box-Muller; pairs are cached, so the sequence is reproducible for a seed). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * m;
        hasSpare = true;
        return u * m;
    }

    /** Exponential with rate 1. */
    public double nextExponential() {
        return -Math.log1p(-random.nextDouble());
    }

    /** Index drawn with probability proportional to the non-negative {@code weights}. */
    public int nextCategorical(double[] weights) {
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("categorical weights must be finite and non-negative");
            }
            total += w;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("categorical weights sum to zero");
        }
        double r = random.nextDouble() * total;
        double acc = 0;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                acc += weights[i];
                last = i;
                if (r < acc) {
                    return i;
                }
            }
        }
        return last;
    }

    /** Index drawn from log-probabilities (or unnormalized log-weights); -inf entries are never drawn. */
    public int nextCategoricalLog(double[] logWeights) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logWeights) {
            max = Math.max(max, l);
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            throw new IllegalArgumentException("no finite log-weight to sample from");
        }
        double[] w = new double[logWeights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(logWeights[i] - max);
        }
        return nextCategorical(w);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
