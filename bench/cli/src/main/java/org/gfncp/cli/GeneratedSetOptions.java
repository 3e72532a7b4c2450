package org.gfncp.cli;

import org.gfncp.cli.error.UserException;
import java.util.List;
import org.gfncp.core.data.ClusterCountRule;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.random.RandomStream;
import picocli.CommandLine.Option;

/** Options describing generated 2D mixture-of-Gaussians test sets (spec section 6, profile C defaults). */
public final class GeneratedSetOptions {

    @Option(names = "--sets", paramLabel = "M", defaultValue = "100", description = "Number of generated sets (default ${DEFAULT-VALUE}).")
    int sets;

    @Option(names = "--n", paramLabel = "N", defaultValue = "100", description = "Points per generated set (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--alpha", defaultValue = "0.7", description = "CRP concentration (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--min-k", defaultValue = "2", description = "Smallest number of clusters (default ${DEFAULT-VALUE}).")
    int minK;

    @Option(names = "--max-k", defaultValue = "10", description = "Largest number of clusters (default ${DEFAULT-VALUE}).")
    int maxK;

    @Option(names = "--fixed-k", paramLabel = "K", description = "Exactly K clusters per set (overrides --min-k/--max-k).")
    Integer fixedK;

    @Option(names = "--seed", defaultValue = "123", description = "Seed of the generated sets (default ${DEFAULT-VALUE}).")
    long seed;

    public ClusterCountRule rule() {
        if (fixedK != null) {
            if (fixedK < 1 || fixedK > n) {
                throw UserException.usage("--fixed-k must be in [1, --n], got " + fixedK);
            }
            return ClusterCountRule.exactly(fixedK);
        }
        if (minK < 1 || maxK < minK || minK > n) {
            throw UserException.usage("need 1 <= --min-k <= --max-k and --min-k <= --n, got " + minK + ", " + maxK);
        }
        return ClusterCountRule.between(minK, maxK);
    }

    public List<MixtureOfGaussians.LabeledSet> generate(int count) {
        if (count < 1 || n < 1) {
            throw UserException.usage("need at least one set of at least one point, got --sets " + count + " --n " + n);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw UserException.usage("--alpha must be positive, got " + alpha);
        }
        return new MixtureOfGaussians().testSets(count, n, alpha, rule(), new RandomStream(seed));
    }

    /** The CRP concentration the sets are drawn with. */
    public double alpha() {
        return alpha;
    }

    public List<MixtureOfGaussians.LabeledSet> generate() {
        return generate(sets);
    }

    public String describe() {
        return "generated MoG sets: M=" + sets + ", N=" + n + ", alpha=" + alpha + ", "
                + (fixedK != null ? "K=" + fixedK : minK + "<=K<=" + maxK) + ", seed=" + seed;
    }
}
