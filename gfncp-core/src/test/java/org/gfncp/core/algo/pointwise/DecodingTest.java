package org.gfncp.core.algo.pointwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gfncp.api.gfn.ForwardPolicy;
import org.gfncp.api.gfn.PartitionState;
import org.gfncp.api.gfn.Trajectory;
import org.gfncp.core.data.Crp;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** Decoder helpers that need no model. */
class DecodingTest {

    @Test
    void greedyTiesAreBrokenUniformlyAndReproducibly() {
        double[] logProbs = {Math.log(0.4), Math.log(0.1), Math.log(0.4), Math.log(0.1)};
        RandomStream random = new RandomStream(9);
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[Decoding.argmaxWithTies(logProbs, random)]++;
        }
        assertThat(counts[1]).isZero();
        assertThat(counts[3]).isZero();
        assertThat(counts[0]).isBetween(1800, 2200);
        assertThat(Decoding.argmaxWithTies(new double[] {-3, -1, -2}, random)).isEqualTo(1);
        RandomStream a = new RandomStream(5);
        RandomStream b = new RandomStream(5);
        for (int i = 0; i < 50; i++) {
            assertThat(Decoding.argmaxWithTies(logProbs, a)).isEqualTo(Decoding.argmaxWithTies(logProbs, b));
        }
        assertThatThrownBy(() -> Decoding.argmaxWithTies(new double[] {Double.NEGATIVE_INFINITY}, random))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void distinctTrajectoriesAreKeptOnceMostProbableFirst() {
        int[] order = {0, 1, 2};
        double[][] probs = {{1.0}, {0.5, 0.5}, {0.5, 0.5}};
        Trajectory low = new Trajectory(order, new int[] {0, 1, 1}, probs, new double[] {0, -1.0, -2.0});
        Trajectory high = new Trajectory(order, new int[] {0, 0, 0}, probs, new double[] {0, -0.1, -0.2});
        List<Trajectory> out = Decoding.distinctByProbability(List.of(low, high, low, high));
        assertThat(out).containsExactly(high, low);
        assertThat(high.labelsInInputOrder()).containsExactly(0, 0, 0);
        assertThat(low.clusters()).isEqualTo(2);
        assertThat(low.logProb()).isEqualTo(-3.0);
    }

    @Test
    void enumerationVisitsEveryClusteringOnceInLexicographicOrderWithinTheRowLimit() {
        double alpha = 1.7;
        int n = 6;
        List<int[]> expected = Partitions.all(n);
        for (int maxRows : new int[] {1, 4, 1000}) {
            CrpPolicy policy = new CrpPolicy(alpha);
            CrpState start = new CrpState(new int[][] {{0}}, n, policy);
            List<int[]> labels = new ArrayList<>();
            List<Double> logProbs = new ArrayList<>();
            Decoding.enumerate(policy, start, maxRows, (l, lp) -> {
                labels.add(l);
                logProbs.add(lp);
            });
            assertThat(labels).hasSize(expected.size());
            for (int c = 0; c < expected.size(); c++) {
                assertThat(labels.get(c)).as("clustering %d with %d rows per call", c, maxRows)
                        .containsExactly(expected.get(c));
                assertThat(logProbs.get(c)).isCloseTo(Crp.logProbability(expected.get(c), alpha), within(1e-12));
            }
            assertThat(policy.widest).isLessThanOrEqualTo(maxRows);
            assertThat(policy.open).as("states left open").isEqualTo(1);  // the start, which stays with the caller
        }
        List<double[]> one = new ArrayList<>();
        CrpPolicy policy = new CrpPolicy(alpha);
        Decoding.enumerate(policy, new CrpState(new int[][] {{0}}, 1, policy), 8, (l, lp) -> one.add(new double[] {l.length, lp}));
        assertThat(one).containsExactly(new double[] {1, 0});
        assertThatThrownBy(() -> Decoding.enumerate(policy, new CrpState(new int[][] {{0}, {0}}, 3, policy), 8, (l, lp) -> { }))
                .hasMessageContaining("one row");
        assertThatThrownBy(() -> Decoding.enumerate(policy, new CrpState(new int[][] {{0}}, 3, policy), 0, (l, lp) -> { }))
                .hasMessageContaining("at least one row");
    }

    /** The Chinese restaurant process as a forward policy: rows of labels, counting its open states. */
    private static final class CrpPolicy implements ForwardPolicy<CrpState> {
        private final double alpha;
        int open;
        int widest;

        CrpPolicy(double alpha) {
            this.alpha = alpha;
        }

        @Override
        public double[][] logProbabilities(CrpState state) {
            widest = Math.max(widest, state.rows());
            double[][] out = new double[state.rows()][];
            int n = state.step();
            for (int r = 0; r < out.length; r++) {
                int k = state.clusters(r);
                out[r] = new double[k + 1];
                for (int label : state.labels[r]) {
                    out[r][label] += 1;
                }
                out[r][k] = alpha;
                for (int j = 0; j <= k; j++) {
                    out[r][j] = Math.log(out[r][j] / (n + alpha));
                }
            }
            return out;
        }

        @Override
        public CrpState advance(CrpState state, int[] actions) {
            int[][] next = new int[state.rows()][];
            for (int r = 0; r < next.length; r++) {
                next[r] = Arrays.copyOf(state.labels[r], state.step() + 1);
                next[r][state.step()] = actions[r];
            }
            return new CrpState(next, state.size, this);
        }

        @Override
        public CrpState select(CrpState state, int[] rows) {
            int[][] picked = new int[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                picked[i] = state.labels[rows[i]];
            }
            return new CrpState(picked, state.size, this);
        }
    }

    private static final class CrpState implements PartitionState, AutoCloseable {
        final int[][] labels;
        final int size;
        private final CrpPolicy policy;

        CrpState(int[][] labels, int size, CrpPolicy policy) {
            this.labels = labels;
            this.size = size;
            this.policy = policy;
            policy.open++;
        }

        @Override
        public int rows() {
            return labels.length;
        }

        @Override
        public int step() {
            return labels[0].length;
        }

        @Override
        public int size(int row) {
            return size;
        }

        @Override
        public int clusters(int row) {
            return Partitions.clusterCount(labels[row]);
        }

        @Override
        public int[] labels(int row) {
            return labels[row].clone();
        }

        @Override
        public int[] order(int row) {
            int[] o = new int[size];
            Arrays.setAll(o, i -> i);
            return o;
        }

        @Override
        public void close() {
            policy.open--;
        }
    }
}
