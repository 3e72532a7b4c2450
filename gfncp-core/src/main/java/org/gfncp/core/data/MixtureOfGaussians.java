package org.gfncp.core.data;

import java.util.ArrayList;
import java.util.List;
import org.gfncp.core.random.RandomStream;

/**
 * The GFNCP/NCP mixture-of-Gaussians generator (spec 0.5): cluster means {@code mu_k ~ N(0, meanStd^2 I)}, points
 * {@code x ~ N(mu_k, pointStd^2 I)}, then every set is centered by subtracting its per-dimension median. Defaults are
 * the paper's 2D setting (meanStd 10, pointStd 1).
 *
 * <p>The self-supervised ("augmented") variant draws one base point {@code x0 ~ N(mu_k, pointStd^2 I)} per
 * cluster and makes every member {@code x0 + N(0, pointStd^2 I)}; test sets always use the plain generator.
 */
public final class MixtureOfGaussians {

    public static final double DEFAULT_MEAN_STD = 10.0;
    public static final double DEFAULT_POINT_STD = 1.0;

    private final int dimension;
    private final double meanStd;
    private final double pointStd;

    /**
     * One set of points with its labels and the true cluster means (in the same median-centered frame as the points).
     *
     * @param means {@code means[k]} is the mean of cluster {@code k} of {@code labels}
     */
    public record LabeledSet(double[][] points, int[] labels, double[][] means) {

        public int size() {
            return points.length;
        }

        public int clusters() {
            return means.length;
        }
    }

    /**
     * The oracle's clustering of a generated set: each point goes to the cluster of highest posterior under the
     * true means, this generator's point spread and the set's true cluster proportions (Bayes' rule with every
     * parameter known). The NMI/ARI of these labels bound what any amortized clusterer can reach on such sets,
     * since overlapping clusters cannot be told apart. Labels are canonical.
     */
    public int[] oracleLabels(LabeledSet set) {
        int k = set.clusters();
        double[] logWeight = new double[k];
        for (int label : set.labels()) {
            logWeight[label]++;
        }
        for (int c = 0; c < k; c++) {
            logWeight[c] = Math.log(logWeight[c] / set.size());
        }
        int[] out = new int[set.size()];
        double scale = 0.5 / (pointStd * pointStd);
        for (int i = 0; i < out.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double d2 = 0;
                for (int d = 0; d < set.points()[i].length; d++) {
                    double diff = set.points()[i][d] - set.means()[c][d];
                    d2 += diff * diff;
                }
                double score = logWeight[c] - scale * d2;
                if (score > best) {
                    best = score;
                    out[i] = c;
                }
            }
        }
        return Partitions.relabel(out);
    }

    /**
     * {@code log p(x, c)} of a clustering of {@code points} under this generator's law with the means integrated out:
     * an unrestricted {@link Crp#logProbability CRP(alpha)} partition times, per cluster and dimension, the Gaussian
     * marginal of its points ({@code mu ~ N(0, meanStd^2)}, {@code x ~ N(mu, pointStd^2)}). Comparing two clusterings
     * of one set by it says which one the law itself prefers, which the oracle's known means cannot. Sets are
     * median-centered, a shift of the prior's center by far less than {@code meanStd} that this ignores; a fixed-K or
     * bounded-K law differs from it only by a constant for clusterings of an allowed K.
     */
    public double logJoint(double[][] points, int[] labels, double alpha) {
        if (points.length != labels.length || points.length == 0) {
            throw new IllegalArgumentException("need as many labels as points, at least one, got " + labels.length
                    + " labels for " + points.length + " points");
        }
        if (!(pointStd > 0)) {
            throw new IllegalArgumentException("the law's density needs pointStd > 0");
        }
        int[] canonical = Partitions.relabel(labels);
        int k = Partitions.clusterCount(canonical);
        int[] count = new int[k];
        double[][] sum = new double[k][dimension];
        double squares = 0;
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != dimension) {
                throw new IllegalArgumentException("point " + i + " has dimension " + points[i].length + ", not "
                        + dimension);
            }
            count[canonical[i]]++;
            for (int d = 0; d < dimension; d++) {
                sum[canonical[i]][d] += points[i][d];
                squares += points[i][d] * points[i][d];
            }
        }
        double var = pointStd * pointStd;
        double priorVar = meanStd * meanStd;
        // per cluster and dimension: N(x; 0, var I + priorVar 11^T), whose inverse and determinant have closed forms
        double log = Crp.logProbabilityOfSizes(count, alpha)
                - 0.5 * points.length * dimension * Math.log(2 * Math.PI * var) - 0.5 * squares / var;
        for (int c = 0; c < k; c++) {
            log -= 0.5 * dimension * Math.log1p(count[c] * priorVar / var);
            for (int d = 0; d < dimension; d++) {
                log += 0.5 * priorVar * sum[c][d] * sum[c][d] / (var * (var + count[c] * priorVar));
            }
        }
        return log;
    }

    /**
     * A training minibatch: {@code B} sets that share one partition (same N, same canonical labels after one shared
     * shuffle) but have their own means and points.
     *
     * @param points {@code [B][N][D]}
     * @param labels canonical labels shared by every set, length N
     * @param sizes cluster sizes indexed by canonical label
     */
    public record Batch(double[][][] points, int[] labels, int[] sizes) {

        public int batchSize() {
            return points.length;
        }

        public int setSize() {
            return labels.length;
        }

        public int clusters() {
            return sizes.length;
        }
    }

    /** The paper's 2D generator. */
    public MixtureOfGaussians() {
        this(2, DEFAULT_MEAN_STD, DEFAULT_POINT_STD);
    }

    public MixtureOfGaussians(int dimension, double meanStd, double pointStd) {
        if (dimension < 1) {
            throw new IllegalArgumentException("point dimension must be at least 1, got " + dimension);
        }
        if (!(meanStd >= 0) || Double.isInfinite(meanStd) || !(pointStd >= 0) || Double.isInfinite(pointStd)) {
            throw new IllegalArgumentException(
                    "standard deviations must be finite and non-negative, got meanStd=" + meanStd + ", pointStd=" + pointStd);
        }
        this.dimension = dimension;
        this.meanStd = meanStd;
        this.pointStd = pointStd;
    }

    public int dimension() {
        return dimension;
    }

    /**
     * Points in block order (cluster 0 first) for the given cluster sizes, median-centered; not shuffled.
     *
     * @param augmented use the self-supervised variant (augmentations of one base point per cluster)
     */
    public LabeledSet blockSet(int[] sizes, boolean augmented, RandomStream random) {
        int[] labels = Partitions.blocks(sizes);
        double[][] means = new double[sizes.length][dimension];
        double[][] points = new double[labels.length][dimension];
        int at = 0;
        for (int k = 0; k < sizes.length; k++) {
            for (int d = 0; d < dimension; d++) {
                means[k][d] = meanStd * random.nextGaussian();
            }
            double[] base = means[k];
            if (augmented) {
                base = new double[dimension];
                for (int d = 0; d < dimension; d++) {
                    base[d] = means[k][d] + pointStd * random.nextGaussian();
                }
            }
            for (int i = 0; i < sizes[k]; i++, at++) {
                for (int d = 0; d < dimension; d++) {
                    points[at][d] = base[d] + pointStd * random.nextGaussian();
                }
            }
        }
        double[] median = PointSets.medians(points);
        PointSets.subtract(points, median);
        PointSets.subtract(means, median);
        return new LabeledSet(points, labels, means);
    }

    /**
     * A training batch (spec 2.3 steps 1-4): N uniform in {@code [nMin, nMax)}, one CRP partition accepted by
     * {@code rule}, per-set data, then one shuffle and relabel shared by all sets.
     */
    public Batch batch(int batchSize, int nMin, int nMax, double alpha, ClusterCountRule rule, boolean augmented,
            RandomStream random) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (nMin < 1 || nMax <= nMin) {
            throw new IllegalArgumentException("set size range [nMin, nMax) must be non-empty with nMin >= 1, got ["
                    + nMin + ", " + nMax + ")");
        }
        int n = random.nextInt(nMin, nMax);
        int[] sizes = Crp.tableSizes(n, alpha, rule, random);
        double[][][] points = new double[batchSize][][];
        for (int b = 0; b < batchSize; b++) {
            points[b] = blockSet(sizes, augmented, random).points();
        }
        int[] permutation = random.permutation(n);
        for (int b = 0; b < batchSize; b++) {
            points[b] = Partitions.permute(points[b], permutation);
        }
        int[] labels = Partitions.relabel(Partitions.permute(Partitions.blocks(sizes), permutation));
        return new Batch(points, labels, Partitions.sizes(labels));
    }

    /** One test set with its own CRP partition (plain generator), shuffled and relabeled. */
    public LabeledSet testSet(int n, double alpha, ClusterCountRule rule, RandomStream random) {
        int[] sizes = Crp.tableSizes(n, alpha, rule, random);
        LabeledSet block = blockSet(sizes, false, random);
        int[] permutation = random.permutation(n);
        int[] raw = Partitions.permute(block.labels(), permutation);
        int[] labels = Partitions.relabel(raw);
        // Canonical label j was block cluster raw[first position of j]; reorder the means to match.
        double[][] means = new double[sizes.length][];
        for (int i = 0; i < n; i++) {
            if (means[labels[i]] == null) {
                means[labels[i]] = block.means()[raw[i]];
            }
        }
        return new LabeledSet(Partitions.permute(block.points(), permutation), labels, means);
    }

    /** {@code count} independent test sets of size {@code n}. */
    public List<LabeledSet> testSets(int count, int n, double alpha, ClusterCountRule rule, RandomStream random) {
        List<LabeledSet> sets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sets.add(testSet(n, alpha, rule, random));
        }
        return sets;
    }
}
