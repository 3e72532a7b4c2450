package org.gfncp.core.algo.pointwise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.api.diff.Var;
import org.gfncp.api.gfn.Trajectory;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.data.PointSets;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.nn.ParameterSet;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;

/**
 * A {@link Clusterer} over a {@link PointwiseEnergy}: points are visited in input order, so labels come back in
 * input order. Greedy decoding of many sets runs them as rows of one batch (sets of different sizes are padded and
 * each row stops at its own size); sampling runs all samples of a set as rows of one batch.
 */
public abstract class PointwiseClusterer implements Clusterer, AutoCloseable {

    /** Sets decoded together by {@link #clusterAll}. */
    static final int INFERENCE_BATCH = 256;

    private final Backend backend;
    private final Diff diff;
    private final PointwiseEnergy energy;
    private final PointwisePolicy policy;
    private final long tieBreakSeed;

    /**
     * A model of {@code architecture} with weights of {@code dtype} initialized from {@code seed}, which also seeds
     * the tie breaks of greedy decoding.
     */
    protected PointwiseClusterer(Backend backend, EnergyArchitecture architecture, DType dtype, long seed) {
        this.backend = backend;
        this.energy = new PointwiseEnergy(new Diff(backend), architecture, dtype, new RandomStream(seed));
        this.diff = energy.diff();
        this.policy = new PointwisePolicy(energy);
        this.tieBreakSeed = seed;
    }

    public Backend backend() {
        return backend;
    }

    public Diff diff() {
        return diff;
    }

    public PointwiseEnergy energy() {
        return energy;
    }

    public PointwisePolicy policy() {
        return policy;
    }

    /** Every trainable parameter by name ({@code h.0.weight}, ..., {@code E.10.weight}), for checkpoints. */
    public ParameterSet parameters() {
        return energy.namedParameters();
    }

    @Override
    public int pointDimension() {
        return energy.architecture().pointDimension();
    }

    @Override
    public List<Clustering> clusterAll(List<double[][]> sets) {
        return greedy(sets, new RandomStream(tieBreakSeed));
    }

    /** Greedy decoding with ties broken by {@code random}. */
    public List<Clustering> greedy(List<double[][]> sets, RandomStream random) {
        validateAll(sets);
        List<Clustering> out = new ArrayList<>(sets.size());
        for (int from = 0; from < sets.size(); from += INFERENCE_BATCH) {
            List<double[][]> chunk = sets.subList(from, Math.min(sets.size(), from + INFERENCE_BATCH));
            int[] rowSet = new int[chunk.size()];
            for (int r = 0; r < rowSet.length; r++) {
                rowSet[r] = r;
            }
            double[][][] chunkSets = chunk.toArray(new double[0][][]);
            List<Trajectory> decoded = EnergyOverflowException.numberingSetsFrom(from,
                    () -> decode(chunkSets, rowSet, start -> Decoding.greedy(policy, start, random)));
            for (Trajectory t : decoded) {
                out.add(toClustering(t));
            }
        }
        return out;
    }

    @Override
    public List<Clustering> sample(double[][] points, int samples, long seed) {
        return sample(points, samples, seed, 1.0);
    }

    /**
     * {@link #sample(double[][], int, long)} from the policy tempered step by step (each step drawn from
     * {@code P_F^(1/temperature)}, renormalized): below 1 the draws stay nearer the most probable clusterings, which a
     * flat policy's untempered draws leave at many points. The clusterings carry the model's own probabilities.
     */
    public List<Clustering> sample(double[][] points, int samples, long seed, double temperature) {
        validate(points);
        if (samples < 1) {
            throw new IllegalArgumentException("need at least one sample, got " + samples);
        }
        RandomStream random = new RandomStream(seed);
        List<Trajectory> all = new ArrayList<>(samples);
        for (int from = 0; from < samples; from += INFERENCE_BATCH) {
            int[] rowSet = new int[Math.min(INFERENCE_BATCH, samples - from)];
            all.addAll(decode(new double[][][] {points}, rowSet,
                    start -> Decoding.sample(policy, start, random, temperature)));
        }
        List<Clustering> out = new ArrayList<>();
        for (Trajectory t : Decoding.distinctByProbability(all)) {
            out.add(toClustering(t));
        }
        return out;
    }

    /** Points scored together by {@link #clusterAfter}, bounding the memory of one batched call. */
    static final int APPEND_BATCH = 1024;

    /**
     * A set far larger than the training sets, clustered in the range the model was trained on: greedy decoding of
     * its first {@code decoded} points as a set of their own, and every later point put in its most probable
     * candidate at the step before the last of that decoding, as if inserted there (batched; the later points do
     * not see each other). Not after the last step: the shipped models' last step is close to uniform (largest
     * probability 0.22-0.35 against 0.86-1.0 at the step before, N = 60), as if their terminal energies were all
     * alike, which the released loss's regularizer pulls them toward. Points for which "new cluster" is most
     * probable go through the same in another round, their clusters numbered after the earlier ones. Row i of the
     * step probabilities is point i's from the first round: its decoding step for the first points; for later
     * points their K + 1 candidates (K clusters, then "new"). The log-probability sums the log of each point's
     * chosen candidate in those rows: a score, not the model's probability of the whole clustering. Sets of at most
     * {@code decoded} points are decoded greedily as by {@link #clusterAll}. Shuffle sorted input first: later
     * points can only join clusters that earlier points opened, or open new ones among themselves.
     */
    public Clustering clusterAfter(double[][] points, int decoded) {
        validate(points);
        if (decoded < 2) {
            throw new IllegalArgumentException("need at least 2 points to decode first, got " + decoded);
        }
        int[] labels = new int[points.length];
        Round first = null;
        int clusters = 0;
        int[] group = new int[points.length];
        for (int i = 0; i < group.length; i++) {
            group[i] = i;
        }
        // a loop, not recursion: a model that opens a cluster for every point would need N / decoded rounds
        while (group.length > 0) {
            double[][] members = new double[group.length][];
            for (int i = 0; i < group.length; i++) {
                members[i] = points[group[i]];
            }
            Round round;
            try {
                round = group.length == 1 ? Round.single() : round(members, decoded);
            } catch (EnergyOverflowException e) {
                throw e.relocated(0, group[e.point()]);
            }
            first = first == null ? round : first;
            List<Integer> opening = new ArrayList<>();
            for (int i = 0; i < group.length; i++) {
                if (round.labels()[i] < 0) {
                    opening.add(group[i]);
                } else {
                    labels[group[i]] = clusters + round.labels()[i];
                }
            }
            clusters += round.clusters();
            group = opening.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Clustering(labels, clusters, first.steps(), first.logProb());
    }

    /**
     * One round of {@link #clusterAfter}: local labels ({@code -1} for points left to the next round), the clusters
     * they use, every point's row of candidate probabilities and the summed log-probability of the chosen ones.
     */
    private record Round(int[] labels, int clusters, double[][] steps, double logProb) {

        static Round single() {
            return new Round(new int[] {0}, 1, new double[][] {{1.0}}, 0.0);
        }
    }

    private Round round(double[][] points, int decoded) {
        if (points.length <= decoded) {
            Clustering all = clusterAll(List.<double[][]>of(points)).get(0);
            return new Round(all.labels(), all.clusters(), all.stepProbabilities(), all.logProb());
        }
        double[][] later = Arrays.copyOfRange(points, decoded, points.length);
        double[][] laterLogProbs = new double[later.length][];
        Trajectory first = decode(new double[][][] {Arrays.copyOf(points, decoded)}, new int[1],
                start -> Decoding.greedy(policy, start, new RandomStream(tieBreakSeed), beforeLast -> {
                    int candidates = beforeLast.clusters(0) + 1;
                    for (int from = 0; from < later.length; from += APPEND_BATCH) {
                        int to = Math.min(later.length, from + APPEND_BATCH);
                        try (TensorScope scope = backend.openScope()) {
                            double[] e = energy.insertedEnergies(beforeLast,
                                    energy.projectedPoints(Arrays.copyOfRange(later, from, to)));
                            for (int j = 0; j < to - from; j++) {
                                EnergyOverflowException.requireResolved(e, j * candidates, candidates,
                                        energy.dtype(), 0, decoded + from + j);
                                laterLogProbs[from + j] = PointwisePolicy.logSoftmaxOfNegated(e, j * candidates,
                                        candidates);
                            }
                        }
                    }
                })).get(0);
        int[] labels = Arrays.copyOf(first.labelsInInputOrder(), points.length);
        double[][] steps = Arrays.copyOf(first.stepProbabilities(), points.length);
        double logProb = first.logProb();
        for (int j = 0; j < later.length; j++) {
            double[] lp = laterLogProbs[j];
            int best = 0;
            for (int c = 1; c < lp.length; c++) {
                if (lp[c] > lp[best]) {
                    best = c;
                }
            }
            logProb += lp[best];
            steps[decoded + j] = Arrays.stream(lp).map(Math::exp).toArray();
            // "new" is the last candidate: the clusters before the first points' last step, which may open one more
            labels[decoded + j] = best == lp.length - 1 ? -1 : best;
        }
        return new Round(labels, first.clusters(), steps, logProb);
    }

    /** Beam search (spec 2.4) with {@code width} beams after the second step. */
    public Clustering beamSearch(double[][] points, int width) {
        return beamSearchAll(points, width).get(0);
    }

    /**
     * Every complete beam of a beam search with {@code width} beams, most probable first (beams are distinct action
     * sequences in one visit order, hence distinct clusterings).
     * These are the model's near-mode alternatives: where its mass is spread over many clusterings, independent
     * samples seldom reach the second and third most probable ones.
     */
    public List<Clustering> beamSearchAll(double[][] points, int width) {
        validate(points);
        List<Trajectory> beams = decode(new double[][][] {points}, new int[1],
                start -> Decoding.beams(policy, start, width));
        return beams.stream().map(PointwiseClusterer::toClustering).toList();
    }

    /** Rows per policy call of {@link #partitionLogProbs}: a few hundred MB of candidate activations at most. */
    static final int ENUMERATION_ROWS = 4096;

    /**
     * The log-probability of every clustering of {@code points} (visiting them in their order), aligned with
     * {@link Partitions#all}: what {@link #logProbs} gives for each, from one decoding tree that evaluates each
     * prefix once instead of one teacher-forced pass per clustering.
     *
     * @throws IllegalArgumentException for more than {@link Partitions#MAX_ENUMERATED} points, or a set that
     *     {@link #logProb} would reject
     */
    public double[] partitionLogProbs(double[][] points) {
        validate(points);
        if (points.length > Partitions.MAX_ENUMERATED) {
            throw new IllegalArgumentException("can list the clusterings of at most " + Partitions.MAX_ENUMERATED
                    + " points, got " + points.length);
        }
        DoubleStream.Builder logProbs = DoubleStream.builder();
        decode(new double[][][] {points}, new int[1], start -> {
            Decoding.enumerate(policy, start, ENUMERATION_ROWS, (labels, logProb) -> logProbs.add(logProb));
            return List.of();
        });
        double[] out = logProbs.build().toArray();
        if (out.length != Partitions.count(points.length)) {
            throw new IllegalStateException("enumerated " + out.length + " clusterings of " + points.length
                    + " points, expected " + Partitions.count(points.length));
        }
        return out;
    }

    @Override
    public double logProb(double[][] points, int[] labels) {
        validate(points);
        if (labels == null || labels.length != points.length) {
            throw new IllegalArgumentException("need one label per point: " + points.length + " points, "
                    + (labels == null ? "no" : String.valueOf(labels.length)) + " labels");
        }
        return logProbs(new double[][][] {points}, new int[][] {labels})[0];
    }

    /**
     * Log-probabilities of labeled sets of one size by one teacher-forced pass (labels are canonicalized first).
     */
    public double[] logProbs(double[][][] sets, int[][] labels) {
        int[][] canonical = new int[labels.length][];
        for (int b = 0; b < labels.length; b++) {
            canonical[b] = Partitions.relabel(labels[b]);
        }
        try (TensorScope scope = backend.openScope()) {
            Encodings enc = energy.encode(diff.constant(energy.points(sets)), null, false);
            TeacherForced tf = energy.teacherForced(enc, canonical, false);
            double[] nll = diff.ops().toDoubles(energy.negativeLogLikelihood(tf).value());
            EnergyOverflowException.requireResolved(diff.ops(), tf, energy.dtype());
            for (int b = 0; b < nll.length; b++) {
                nll[b] = -nll[b];
            }
            return nll;
        }
    }

    /** Interface of the decoders used by {@link #decode}. */
    protected interface Decoder {
        List<Trajectory> run(DecodeState start);
    }

    /** Encodes {@code sets} (padded), starts one row per entry of {@code rowSet} and runs {@code decoder}. */
    protected List<Trajectory> decode(double[][][] sets, int[] rowSet, Decoder decoder) {
        int[] sizes = new int[sets.length];
        boolean ragged = false;
        for (int s = 0; s < sets.length; s++) {
            sizes[s] = sets[s].length;
            ragged |= sizes[s] != sizes[0];
        }
        try (TensorScope scope = backend.openScope()) {
            Var points = diff.constant(energy.points(sets));
            Encodings enc = energy.encode(points, ragged ? sizes : null, false);
            try (DecodeState start = energy.start(enc, rowSet)) {
                return decoder.run(start);
            }
        }
    }

    static Clustering toClustering(Trajectory t) {
        return new Clustering(t.labelsInInputOrder(), t.clusters(), t.stepProbabilities(), t.logProb());
    }

    /** Rejects null, empty, single-point, ragged, non-finite or wrongly sized sets. */
    protected void validate(double[][] points) {
        PointSets.validate(points, pointDimension());
        if (points.length < 2) {
            throw new IllegalArgumentException(name() + " needs at least 2 points per set, got " + points.length);
        }
    }

    private void validateAll(List<double[][]> sets) {
        PointSets.validateAll(sets, pointDimension());
        for (int s = 0; s < sets.size(); s++) {
            if (sets.get(s).length < 2) {
                throw new IllegalArgumentException(name() + " needs at least 2 points per set, set " + s + " has "
                        + sets.get(s).length);
            }
        }
    }

    @Override
    public void close() {
        energy.close();
    }

    @Override
    public String toString() {
        return name() + Arrays.toString(new int[] {pointDimension()});
    }
}
