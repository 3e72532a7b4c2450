package org.gfncp.core.algo.pointwise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.gfncp.api.gfn.ForwardPolicy;
import org.gfncp.api.gfn.PartitionState;
import org.gfncp.api.gfn.Trajectory;
import org.gfncp.core.random.RandomStream;

/**
 * Decoders over any {@link ForwardPolicy}: greedy (argmax with random tie-break), ancestral sampling and beam
 * search (spec 1.4, 2.4). All rows advance together, one policy call per step. States that implement
 * {@link AutoCloseable} are closed as soon as the next one exists; the start state stays with the caller.
 */
public final class Decoding {

    private Decoding() {
    }

    /** Greedy decoding of every row; exact ties among the best candidates are broken uniformly at random. */
    public static <S extends PartitionState> List<Trajectory> greedy(ForwardPolicy<S> policy, S start,
            RandomStream random) {
        return greedy(policy, start, random, null);
    }

    /**
     * {@link #greedy(ForwardPolicy, PartitionState, RandomStream)} of a one-row start, handing {@code beforeLast}
     * (when not null) the state whose next point is the row's last one, before that step is taken.
     */
    public static <S extends PartitionState> List<Trajectory> greedy(ForwardPolicy<S> policy, S start,
            RandomStream random, Consumer<S> beforeLast) {
        if (beforeLast != null && start.rows() != 1) {
            throw new IllegalArgumentException("a hook before the last step needs one row, got " + start.rows());
        }
        return run(policy, start, lp -> argmaxWithTies(lp, random), beforeLast);
    }

    /** One sample from the policy for every row. */
    public static <S extends PartitionState> List<Trajectory> sample(ForwardPolicy<S> policy, S start,
            RandomStream random) {
        return run(policy, start, random::nextCategoricalLog, null);
    }

    /**
     * One sample for every row from the policy tempered step by step: each step draws from {@code P_F^(1/temperature)},
     * renormalized, so below 1 the draws keep closer to the most probable candidates. The trajectories record the
     * policy's own probabilities, not the tempered ones.
     */
    public static <S extends PartitionState> List<Trajectory> sample(ForwardPolicy<S> policy, S start,
            RandomStream random, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the sampling temperature must be positive and finite, got " + temperature);
        }
        if (temperature == 1) {
            return sample(policy, start, random);
        }
        return run(policy, start, lp -> {
            double[] tempered = new double[lp.length];
            for (int i = 0; i < lp.length; i++) {
                tempered[i] = lp[i] / temperature;
            }
            return random.nextCategoricalLog(tempered);
        }, null);
    }

    private interface Chooser {
        int choose(double[] logProbs);
    }

    private static <S extends PartitionState> List<Trajectory> run(ForwardPolicy<S> policy, S start,
            Chooser chooser, Consumer<S> beforeLast) {
        int rows = start.rows();
        int first = start.step();
        double[][][] probs = new double[rows][][];
        double[][] chosen = new double[rows][];
        for (int r = 0; r < rows; r++) {
            probs[r] = new double[start.size(r)][];
            chosen[r] = new double[start.size(r)];
            for (int i = 0; i < Math.min(first, start.size(r)); i++) {
                probs[r][i] = new double[] {1.0};
            }
        }
        S state = start;
        while (!allDone(state)) {
            if (beforeLast != null && state.step() == state.size(0) - 1) {
                beforeLast.accept(state);
            }
            double[][] lp = policy.logProbabilities(state);
            int[] actions = new int[rows];
            int n = state.step();
            for (int r = 0; r < rows; r++) {
                if (state.done(r)) {
                    continue;
                }
                int a = chooser.choose(lp[r]);
                actions[r] = a;
                probs[r][n] = exp(lp[r]);
                chosen[r][n] = lp[r][a];
            }
            S next = policy.advance(state, actions);
            release(state, start);
            state = next;
        }
        List<Trajectory> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            out.add(new Trajectory(state.order(r), state.labels(r), probs[r], chosen[r]));
        }
        release(state, start);
        return out;
    }

    /**
     * Beam search over one set (the start state has one row). Beams kept after steps 1, 2, 3, ... are
     * {@code min(2, width)}, {@code min(5, width)}, then {@code width} (the GFNCP code's schedule with L = width).
     * Returns the most probable complete beam.
     */
    public static <S extends PartitionState> Trajectory beam(ForwardPolicy<S> policy, S start, int width) {
        return beams(policy, start, width).get(0);
    }

    /** Beam search as {@link #beam}, returning every complete beam, most probable first. */
    public static <S extends PartitionState> List<Trajectory> beams(ForwardPolicy<S> policy, S start, int width) {
        if (start.rows() != 1) {
            throw new IllegalArgumentException("beam search starts from one row, got " + start.rows());
        }
        if (width < 1) {
            throw new IllegalArgumentException("beam width must be at least 1, got " + width);
        }
        int size = start.size(0);
        int first = Math.min(start.step(), size);
        double[][] initial = new double[size][];
        for (int i = 0; i < first; i++) {
            initial[i] = new double[] {1.0};
        }
        List<double[][]> probs = new ArrayList<>(List.<double[][]>of(initial));
        List<double[]> chosen = new ArrayList<>(List.of(new double[size]));
        double[] scores = {0};
        S state = start;
        int depth = 0;
        while (!allDone(state)) {
            double[][] lp = policy.logProbabilities(state);
            int keep = depth == 0 ? Math.min(2, width) : depth == 1 ? Math.min(5, width) : width;
            List<double[]> candidates = new ArrayList<>();
            for (int r = 0; r < lp.length; r++) {
                for (int k = 0; k < lp[r].length; k++) {
                    candidates.add(new double[] {scores[r] + lp[r][k], r, k});
                }
            }
            candidates.sort(Comparator.comparingDouble((double[] c) -> -c[0]));
            int m = Math.min(keep, candidates.size());
            int[] parents = new int[m];
            int[] actions = new int[m];
            double[] nextScores = new double[m];
            List<double[][]> nextProbs = new ArrayList<>(m);
            List<double[]> nextChosen = new ArrayList<>(m);
            int n = state.step();
            for (int i = 0; i < m; i++) {
                double[] c = candidates.get(i);
                int r = (int) c[1];
                int k = (int) c[2];
                parents[i] = r;
                actions[i] = k;
                nextScores[i] = c[0];
                double[][] p = probs.get(r).clone();
                p[n] = exp(lp[r]);
                double[] ch = chosen.get(r).clone();
                ch[n] = lp[r][k];
                nextProbs.add(p);
                nextChosen.add(ch);
            }
            S selected = policy.select(state, parents);
            S next = policy.advance(selected, actions);
            release(selected, start);
            release(state, start);
            state = next;
            scores = nextScores;
            probs = nextProbs;
            chosen = nextChosen;
            depth++;
        }
        // candidates were sorted by score, so the beams are in order, most probable first
        List<Trajectory> out = new ArrayList<>(scores.length);
        for (int r = 0; r < scores.length; r++) {
            out.add(new Trajectory(state.order(r), state.labels(r), probs.get(r), chosen.get(r)));
        }
        release(state, start);
        return out;
    }

    /** Receives one complete clustering of {@link #enumerate}. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param labels the clustering in the state's visit order (canonical: a new cluster takes the next label)
         * @param logProb its log-probability, the sum of the policy's log-probabilities of its steps
         */
        void visit(int[] labels, double logProb);
    }

    /**
     * Every complete clustering of a one-row start with its log-probability, in lexicographic order of the labels
     * (the order of {@code Partitions.all}). The decoding tree is walked depth first, so each prefix is evaluated
     * once for all its completions, and no policy call holds more than {@code maxRows} rows; the number of
     * clusterings is the Bell number of the points left, so this is for small sets.
     */
    public static <S extends PartitionState> void enumerate(ForwardPolicy<S> policy, S start, int maxRows,
            Visitor visitor) {
        if (start.rows() != 1) {
            throw new IllegalArgumentException("enumeration starts from one row, got " + start.rows());
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("need at least one row per policy call, got " + maxRows);
        }
        if (start.done(0)) {
            visitor.visit(start.labels(0), 0);
            return;
        }
        expand(policy, start, new double[] {0}, start, maxRows, visitor);
    }

    /** Visits every completion of the rows of {@code state} (none done, all at one step), whose scores are given. */
    private static <S extends PartitionState> void expand(ForwardPolicy<S> policy, S state, double[] scores, S start,
            int maxRows, Visitor visitor) {
        double[][] lp = policy.logProbabilities(state);
        int n = state.step();
        if (n == state.size(0) - 1) {
            for (int r = 0; r < lp.length; r++) {
                int[] prefix = state.labels(r);
                for (int k = 0; k < lp[r].length; k++) {
                    int[] labels = Arrays.copyOf(prefix, n + 1);
                    labels[n] = k;
                    visitor.visit(labels, scores[r] + lp[r][k]);
                }
            }
            return;
        }
        int children = 0;
        for (double[] row : lp) {
            children += row.length;
        }
        int[] parents = new int[children];
        int[] actions = new int[children];
        double[] childScores = new double[children];
        for (int r = 0, c = 0; r < lp.length; r++) {
            for (int k = 0; k < lp[r].length; k++, c++) {
                parents[c] = r;
                actions[c] = k;
                childScores[c] = scores[r] + lp[r][k];
            }
        }
        for (int from = 0; from < children; from += maxRows) {
            int to = Math.min(children, from + maxRows);
            S selected = policy.select(state, Arrays.copyOfRange(parents, from, to));
            S next = policy.advance(selected, Arrays.copyOfRange(actions, from, to));
            release(selected, start);
            try {
                expand(policy, next, Arrays.copyOfRange(childScores, from, to), start, maxRows, visitor);
            } finally {
                release(next, start);
            }
        }
    }

    /** The distinct clusterings among {@code trajectories} (same visit order assumed), most probable first. */
    public static List<Trajectory> distinctByProbability(List<Trajectory> trajectories) {
        Map<String, Trajectory> unique = new LinkedHashMap<>();
        for (Trajectory t : trajectories) {
            unique.putIfAbsent(Arrays.toString(t.actions()), t);
        }
        List<Trajectory> out = new ArrayList<>(unique.values());
        out.sort(Comparator.comparingDouble((Trajectory t) -> -t.logProb()));
        return out;
    }

    static int argmaxWithTies(double[] logProbs, RandomStream random) {
        double best = Double.NEGATIVE_INFINITY;
        int count = 0;
        for (double v : logProbs) {
            if (v > best) {
                best = v;
                count = 1;
            } else if (v == best) {
                count++;
            }
        }
        if (count == 0 || best == Double.NEGATIVE_INFINITY) {
            throw new IllegalStateException("no finite candidate among " + Arrays.toString(logProbs));
        }
        int pick = count == 1 ? 0 : random.nextInt(count);
        for (int i = 0; i < logProbs.length; i++) {
            if (logProbs[i] == best && pick-- == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static boolean allDone(PartitionState s) {
        for (int r = 0; r < s.rows(); r++) {
            if (!s.done(r)) {
                return false;
            }
        }
        return true;
    }

    private static double[] exp(double[] lp) {
        double[] p = new double[lp.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(lp[i]);
        }
        return p;
    }

    private static void release(PartitionState s, PartitionState keep) {
        if (s != keep && s instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not release a decoding state", e);
            }
        }
    }
}
