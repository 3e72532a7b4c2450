package org.gfncp.core.algo.pointwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.GradCheck;
import org.gfncp.core.nn.Activation;
import org.gfncp.core.nn.Mlp;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The batched teacher-forced pass and the incremental decoder against naive recomputations (spec 7, items 2-3),
 * in FLOAT64 on the reference backend with small networks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointwiseEnergyTest {

    private static final double TOL = 1e-9;

    private Backend backend;
    private Diff diff;
    private TensorOps ops;

    @BeforeAll
    void open() {
        backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
        diff = new Diff(backend);
        ops = backend.ops();
    }

    @AfterAll
    void close() {
        backend.close();
    }

    private PointwiseEnergy energy(Activation act, boolean includeU, long seed) {
        return new PointwiseEnergy(diff, new EnergyArchitecture(2, 8, 6, 8, 10, act, includeU), DType.FLOAT64,
                new RandomStream(seed));
    }

    static double[][] points(int n, long seed) {
        return GaussianPoints.sample(n, 3, seed);
    }

    private double[] values(Var v) {
        return ops.toDoubles(v.value());
    }

    /** E for every candidate of every step, recomputed from scratch with the unfolded networks (O(K^2) g calls). */
    private double[][] naiveEnergies(PointwiseEnergy energy, double[][] x, int[] labels) {
        int n = x.length;
        Mlp h = energy.network("h");
        Mlp u = energy.network("u");
        Mlp g = energy.network("g");
        Mlp e = energy.network("E");
        Var pts = diff.constant(energy.points(new double[][][] {x}));
        double[] hs = values(h.forward(pts));
        double[] qs = u == null ? null : values(u.forward(pts));
        int dh = energy.architecture().encodingDimension();
        double[][] out = new double[n][];
        for (int step = 0; step < n; step++) {
            int k = 0;
            for (int i = 0; i < step; i++) {
                k = Math.max(k, labels[i] + 1);
            }
            out[step] = new double[k + 1];
            for (int cand = 0; cand <= k; cand++) {
                double[][] sums = new double[k + 1][dh];
                for (int i = 0; i <= step; i++) {
                    int c = i == step ? cand : labels[i];
                    for (int j = 0; j < dh; j++) {
                        sums[c][j] += hs[i * dh + j];
                    }
                }
                int clusters = cand == k ? k + 1 : k;
                double[] flat = new double[clusters * dh];
                for (int c = 0; c < clusters; c++) {
                    System.arraycopy(sums[c], 0, flat, c * dh, dh);
                }
                Var gs = g.forward(diff.constant(ops.fromDoubles(flat, clusters, dh)));
                Var total = diff.sum(gs, new int[] {0}, true);
                Var input = total;
                if (u != null) {
                    double[] rest = new double[dh];
                    for (int i = step + 1; i < n; i++) {
                        for (int j = 0; j < dh; j++) {
                            rest[j] += qs[i * dh + j];
                        }
                    }
                    input = diff.concat(1, total, diff.constant(ops.fromDoubles(rest, 1, dh)));
                }
                out[step][cand] = values(e.forward(input))[0];
            }
        }
        return out;
    }

    @Test
    void aggregationEqualsNaiveRecomputation() {
        for (Activation act : new Activation[] {Activation.RELU, Activation.PRELU}) {
            for (boolean includeU : new boolean[] {true, false}) {
                PointwiseEnergy energy = energy(act, includeU, 7);
                double[][] x = points(9, 3);
                int[] labels = {0, 1, 0, 2, 1, 3, 0, 2, 4};
                try (TensorScope scope = backend.openScope()) {
                    double[][] naive = naiveEnergies(energy, x, labels);
                    Encodings enc = energy.encode(diff.constant(energy.points(new double[][][] {x})), null, false);
                    TeacherForced tf = energy.teacherForced(enc, new int[][] {labels}, false);
                    double[] dense = values(tf.energies());
                    int slots = tf.energies().dim(2);
                    for (int n = 0; n < x.length; n++) {
                        for (int k = 0; k < naive[n].length; k++) {
                            assertThat(dense[n * slots + k]).as("%s U=%s step %d slot %d", act, includeU, n, k)
                                    .isCloseTo(naive[n][k], within(1e-9));
                        }
                    }
                }
                energy.close();
            }
        }
    }

    @Test
    void teacherForcedPassEqualsStepLoop() {
        PointwiseEnergy energy = energy(Activation.RELU, true, 11);
        PointwisePolicy policy = new PointwisePolicy(energy);
        double[][] x = points(10, 5);
        int[] labels = {0, 0, 1, 2, 1, 0, 3, 3, 1, 4};
        int n = x.length;
        try (TensorScope scope = backend.openScope()) {
            Encodings enc = energy.encode(diff.constant(energy.points(new double[][][] {x})), null, false);
            TeacherForced tf = energy.teacherForced(enc, new int[][] {labels}, false);
            double[] dense = values(tf.energies());
            int slots = tf.energies().dim(2);
            double nll = values(energy.negativeLogLikelihood(tf))[0];
            double mc = values(FlowMatching.residuals(diff, tf, 1e-5))[0];
            double mcPaper = values(FlowMatching.residuals(diff, tf, 0))[0];

            double[][] stepEnergies = new double[n][];
            double loopNll = 0;
            DecodeState state = energy.start(enc, new int[] {0});
            for (int step = 1; step < n; step++) {
                int k = state.clusters(0);
                double[] e;
                try (Tensor t = energy.candidateEnergies(state)) {
                    e = ops.toDoubles(t);
                }
                stepEnergies[step] = Arrays.copyOf(e, k + 1);
                for (int j = 0; j <= k; j++) {
                    assertThat(dense[step * slots + j]).as("step %d slot %d", step, j).isCloseTo(e[j], within(TOL));
                }
                for (int j = k + 1; j < e.length; j++) {
                    assertThat(e[j]).isEqualTo(Double.POSITIVE_INFINITY);
                }
                double[] lp = policy.logProbabilities(state)[0];
                loopNll -= lp[labels[step]];
                DecodeState next = policy.advance(state, new int[] {labels[step]});
                state.close();
                state = next;
            }
            assertThat(state.done(0)).isTrue();
            assertThat(state.labels(0)).containsExactly(labels);
            state.close();
            assertThat(nll).isCloseTo(loopNll, within(1e-8));
            assertThat(mc).isCloseTo(loopResiduals(stepEnergies, labels, 1e-5), within(1e-8));
            assertThat(mcPaper).isCloseTo(loopResiduals(stepEnergies, labels, 0), within(1e-8));
        }
        energy.close();
    }

    /** The GFNCP code's flow-matching loop (losses.mc_r_loss_func), written out step by step. */
    private static double loopResiduals(double[][] energies, int[] labels, double eps) {
        int n = labels.length;
        double parent = 0;
        double total = 0;
        for (int step = 1; step < n; step++) {
            double[] e = energies[step];
            double min = Arrays.stream(e).min().orElseThrow();
            boolean terminal = step == n - 1;
            double shift = terminal ? 0 : min;
            double sum = 0;
            for (double v : e) {
                sum += Math.exp(-(v - shift));
            }
            double gap = eps > 0 ? Math.log(eps + Math.exp(-parent)) - Math.log(eps + sum) : -parent - Math.log(sum);
            total += gap * gap;
            parent = e[labels[step]] - shift;
        }
        return total;
    }

    @Test
    void telescopingResidualsMatchTheUnshiftedFlowsOfEveryStepIncludingTheFirstPoint() {
        PointwiseEnergy energy = energy(Activation.RELU, true, 23);
        double[][] x = points(8, 6);
        int[] labels = {0, 1, 0, 2, 1, 0, 2, 3};
        try (TensorScope scope = backend.openScope()) {
            double[][] naive = naiveEnergies(energy, x, labels);
            double parent = 0; // the root's log-flow: the first state's flow is pinned at 1
            double expected = 0;
            for (int step = 0; step < x.length; step++) {
                double sum = 0;
                for (double v : naive[step]) {
                    sum += Math.exp(-v);
                }
                double gap = parent - Math.log(sum);
                expected += gap * gap;
                parent = -naive[step][labels[step]];
            }
            Encodings enc = energy.encode(diff.constant(energy.points(new double[][][] {x})), null, false);
            TeacherForced tf = energy.teacherForced(enc, new int[][] {labels}, false);
            assertThat(values(FlowMatching.telescopingResiduals(diff, tf))[0]).isCloseTo(expected, within(1e-9));
        }
        energy.close();
    }

    @Test
    void telescopingGapsAndTrajectoryBalanceAccountForAllOfTheOrderDependenceOfAClusteringsProbability() {
        PointwiseEnergy energy = energy(Activation.RELU, true, 29);
        double[][] x = points(9, 8);
        int[] labels = {0, 1, 1, 0, 2, 1, 0, 2, 2};
        int[][] orders = {{0, 1, 2, 3, 4, 5, 6, 7, 8}, {8, 3, 5, 0, 7, 1, 2, 6, 4}, {4, 2, 6, 8, 0, 1, 3, 5, 7}};
        double[] terminal = new double[orders.length];
        double[] logP = new double[orders.length];
        try (TensorScope scope = backend.openScope()) {
            for (int o = 0; o < orders.length; o++) {
                double[][] permuted = new double[x.length][];
                int[] c = new int[x.length];
                for (int i = 0; i < x.length; i++) {
                    permuted[i] = x[orders[o][i]];
                    c[i] = labels[orders[o][i]];
                }
                int[][] canonical = {Partitions.relabel(c)};
                Encodings enc = energy.encode(diff.constant(energy.points(new double[][][] {permuted})), null, false);
                TeacherForced tf = energy.teacherForced(enc, canonical, false);
                logP[o] = -values(energy.negativeLogLikelihood(tf))[0];
                terminal[o] = values(energy.terminalEnergies(enc, canonical, false))[0];
                double gaps = Arrays.stream(values(FlowMatching.telescopingGaps(diff, tf))).sum();
                // log P(c | order) = -E(c) + the gaps of that order's trajectory
                assertThat(logP[o]).as("order %d", o).isCloseTo(gaps - terminal[o], within(1e-9));
                double balance = logP[o] + terminal[o];
                assertThat(values(FlowMatching.trajectoryBalance(diff, tf))[0]).as("order %d", o)
                        .isCloseTo(balance * balance, within(1e-9));
            }
        }
        // the terminal energy does not depend on the order, the untrained model's probability does
        assertThat(terminal[1]).isCloseTo(terminal[0], within(1e-9));
        assertThat(terminal[2]).isCloseTo(terminal[0], within(1e-9));
        assertThat(Math.abs(logP[1] - logP[0]) + Math.abs(logP[2] - logP[0])).isGreaterThan(1e-3);
        energy.close();
    }

    @Test
    void terminalEnergyEqualsLastTeacherForcedStep() {
        PointwiseEnergy energy = energy(Activation.RELU, true, 13);
        double[][][] sets = {points(7, 1), points(7, 2)};
        int[][] labels = {{0, 1, 1, 0, 2, 1, 2}, {0, 0, 0, 1, 1, 0, 1}};
        try (TensorScope scope = backend.openScope()) {
            Encodings enc = energy.encode(diff.constant(energy.points(sets)), null, false);
            TeacherForced tf = energy.teacherForced(enc, labels, false);
            double[] chosen = values(tf.chosen());
            double[] terminal = values(energy.terminalEnergies(enc, labels, false));
            assertThat(terminal[0]).isCloseTo(chosen[6], within(TOL));
            assertThat(terminal[1]).isCloseTo(chosen[13], within(TOL));
        }
        energy.close();
    }

    @Test
    void maskedBatchGivesEachRowsLogProbabilities() {
        PointwiseEnergy energy = energy(Activation.RELU, true, 17);
        double[][][] sets = {points(6, 1), points(6, 2), points(6, 3)};
        int[][] labels = {{0, 1, 2, 3, 4, 5}, {0, 0, 0, 0, 0, 0}, {0, 1, 0, 1, 2, 0}};
        try (TensorScope scope = backend.openScope()) {
            Encodings enc = energy.encode(diff.constant(energy.points(sets)), null, false);
            double[] batched = values(energy.negativeLogLikelihood(energy.teacherForced(enc, labels, false)));
            double[] batchedMc = values(FlowMatching.residuals(diff,
                    energy.teacherForced(enc, labels, false), 1e-5));
            for (int b = 0; b < sets.length; b++) {
                Encodings one = energy.encode(diff.constant(energy.points(new double[][][] {sets[b]})), null, false);
                TeacherForced tf = energy.teacherForced(one, new int[][] {labels[b]}, false);
                assertThat(batched[b]).isCloseTo(values(energy.negativeLogLikelihood(tf))[0], within(TOL));
                assertThat(batchedMc[b]).isCloseTo(values(FlowMatching.residuals(diff, tf, 1e-5))[0], within(TOL));
            }
        }
        energy.close();
    }

    @Test
    void gradientsOfTheTeacherForcedLossMatchFiniteDifferences() {
        PointwiseEnergy energy = energy(Activation.PRELU, true, 19);
        double[][] x = points(6, 9);
        int[][] labels = {{0, 1, 0, 2, 1, 0}};
        int[][] other = {{0, 0, 1, 1, 2, 2}};
        GradCheck.Result r = GradCheck.check(diff, in -> {
            Var pts = diff.reshape(in.get(0), 1, 6, 2);
            Encodings enc = energy.encode(pts, null, true);
            TeacherForced tf = energy.teacherForced(enc, labels, true);
            Var loss = diff.add(FlowMatching.residuals(diff, tf, 1e-5), energy.negativeLogLikelihood(tf));
            return diff.add(loss, energy.terminalEnergies(enc, other, true));
        }, List.of(ops.fromDoubles(Arrays.stream(x).flatMapToDouble(Arrays::stream).toArray(), 12)), 1e-6);
        assertThat(r.within(1e-5)).as(r.toString()).isTrue();
        energy.close();
    }

    @Test
    void sdppVanishesForAnExchangeableModelOnly() {
        double[][] x = points(12, 4);
        int[] labels = {0, 1, 0, 2, 1, 0, 0, 3, 2, 1, 0, 0};
        // CRP probabilities are exchangeable: every order of a clustering has the same probability
        Consistency.LogProbability crp = (sets, cs) -> {
            double[] out = new double[cs.length];
            for (int b = 0; b < cs.length; b++) {
                int[] c = Partitions.relabel(cs[b]);
                int[] sizes = new int[c.length];
                int k = 0;
                for (int i = 0; i < c.length; i++) {
                    double weight = c[i] < k ? sizes[c[i]] : 0.7;
                    out[b] += Math.log(weight / (i + 0.7));
                    k = Math.max(k, c[i] + 1);
                    sizes[c[i]]++;
                }
            }
            return out;
        };
        Consistency.LogProbability uniform = (sets, cs) -> {
            double[] out = new double[cs.length];
            for (int b = 0; b < cs.length; b++) {
                int[] c = Partitions.relabel(cs[b]);
                int k = 1;
                for (int i = 1; i < c.length; i++) {
                    out[b] -= Math.log(k + 1);
                    k = Math.max(k, c[i] + 1);
                }
            }
            return out;
        };
        assertThat(Consistency.sdpp(crp, x, labels, 200, new RandomStream(1))).isLessThan(1e-9);
        assertThat(Consistency.sdpp(uniform, x, labels, 200, new RandomStream(1))).isGreaterThan(0.1);
    }

    @Test
    void decodingStatesReleaseTheirTensors() {
        PointwiseEnergy energy = energy(Activation.RELU, true, 23);
        PointwisePolicy policy = new PointwisePolicy(energy);
        long before = backend.diagnostics().liveTensors();
        try (TensorScope scope = backend.openScope()) {
            Encodings enc = energy.encode(diff.constant(energy.points(new double[][][] {points(30, 1)})), null,
                    false);
            List<Long> live = new ArrayList<>();
            try (DecodeState start = energy.start(enc, new int[] {0, 0, 0})) {
                Decoding.greedy(policy, start, new RandomStream(1));
                live.add(backend.diagnostics().liveTensors());
                Decoding.sample(policy, start, new RandomStream(2));
                live.add(backend.diagnostics().liveTensors());
            }
            // decoding leaves nothing behind in the enclosing scope
            assertThat(live.get(1)).isEqualTo(live.get(0));
        }
        assertThat(backend.diagnostics().liveTensors()).isEqualTo(before);
        energy.close();
    }
}
