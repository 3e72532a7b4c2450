package org.gfncp.experiments.data;

import java.util.Locale;
import org.gfncp.core.data.ClusterCountRule;
import org.gfncp.core.data.Crp;

/**
 * One stored MoG test benchmark.
 *
 * @param profile which protocol the sets follow
 * @param setSize N, points per set
 * @param sets M, number of sets
 * @param fixedClusters K for the fixed-K table (Table 2), or 0 for arbitrary K (Table 3)
 * @param seed the fixed generation seed
 */
public record TestSetSpec(Profile profile, int setSize, int sets, int fixedClusters, long seed) {

    public TestSetSpec {
        if (profile == null) {
            throw new IllegalArgumentException("test sets need a profile (P or C)");
        }
        if (setSize < 2 || sets < 1) {
            throw new IllegalArgumentException("test sets need N >= 2 and M >= 1, got N=" + setSize + ", M=" + sets);
        }
        if (fixedClusters < 0 || fixedClusters > setSize) {
            throw new IllegalArgumentException("fixed K must be in [0, N], got K=" + fixedClusters + " for N=" + setSize);
        }
    }

    /** The profile's own N and M. */
    public static TestSetSpec of(Profile profile, int fixedClusters, long seed) {
        return new TestSetSpec(profile, profile.setSize(), profile.sets(), fixedClusters, seed);
    }

    /** The same benchmark with another number of sets. */
    public TestSetSpec withSets(int count) {
        return new TestSetSpec(profile, setSize, count, fixedClusters, seed);
    }

    /** Which partitions are accepted. */
    public ClusterCountRule rule() {
        if (fixedClusters > 0) {
            return ClusterCountRule.exactly(fixedClusters);
        }
        return ClusterCountRule.between(profile.minClusters(), Math.min(profile.maxClusters(), setSize));
    }

    /**
     * The CRP concentration used to draw partitions. For fixed K any alpha gives the same law of the partition given
     * K (the CRP probability of a partition is {@code alpha^K * Gamma(alpha)/Gamma(alpha+N) * prod (n_k-1)!}, so
     * alpha cancels once K is fixed); we use the alpha whose expected K equals the fixed K so rejection sampling
     * stays fast (with alpha = 6 and N = 300, K = 6 is far in the tail).
     */
    public double generationAlpha() {
        if (fixedClusters == 0) {
            return profile.alpha();
        }
        if (fixedClusters == 1) {
            return 1e-3;
        }
        double lo = 1e-6;
        double hi = setSize;
        for (int i = 0; i < 200; i++) {
            double mid = Math.sqrt(lo * hi);
            if (Crp.expectedClusters(setSize, mid) < fixedClusters) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.sqrt(lo * hi);
    }

    /** File name of the stored benchmark; every field that changes the sets is part of it. */
    public String fileName() {
        return String.format(Locale.ROOT, "mog2d-%s-%s-n%d-m%d-seed%d.testset", profile,
                fixedClusters > 0 ? "k" + fixedClusters : "kany", setSize, sets, seed);
    }

    /** For table headers. */
    public String describe() {
        return String.format(Locale.ROOT, "profile %s; N = %d, M = %d test sets, %s, seed %d", profile.describe(),
                setSize, sets, fixedClusters > 0 ? "K fixed to " + fixedClusters : "arbitrary K", seed);
    }
}
