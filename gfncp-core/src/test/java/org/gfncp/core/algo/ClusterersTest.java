package org.gfncp.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.api.tensor.DType;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.core.algo.gfncp.Gfncp;
import org.gfncp.core.algo.gfncp.GfncpConfig;
import org.gfncp.core.algo.ncp.Ncp;
import org.gfncp.core.algo.ncp.NcpConfig;
import org.gfncp.core.algo.pointwise.Consistency;
import org.gfncp.core.algo.pointwise.EnergyOverflowException;
import org.gfncp.core.algo.pointwise.GaussianPoints;
import org.gfncp.core.algo.pointwise.PointwiseClusterer;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.diff.Parameter;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link org.gfncp.api.cluster.Clusterer} contract of GFNCP (with and without U) and NCP, untrained. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterersTest {

    private Backend backend;
    private List<PointwiseClusterer> models;

    @BeforeAll
    void open() {
        backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
        GfncpConfig g = GfncpConfig.mog2d().withSizes(8, 8, 8, 12).withSeed(3);
        models = List.of(new Gfncp(backend, g, DType.FLOAT64),
                new Gfncp(backend, g.withIncludeU(false), DType.FLOAT64),
                new Ncp(backend, NcpConfig.mog2d().withSizes(8, 8, 8, 12).withSeed(4), DType.FLOAT64));
    }

    @AfterAll
    void close() {
        models.forEach(PointwiseClusterer::close);
        backend.close();
    }

    Stream<PointwiseClusterer> models() {
        return models.stream();
    }

    private static double[][] points(int n, long seed) {
        return GaussianPoints.sample(n, 0.5, seed);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void greedyLabelsAreCanonicalAndConsistentWithTheirProbabilities(PointwiseClusterer model) {
        List<double[][]> sets = List.of(points(9, 1), points(14, 2), points(5, 3));
        List<Clustering> all = model.clusterAll(sets);
        assertThat(all).hasSize(3);
        for (int s = 0; s < sets.size(); s++) {
            Clustering c = all.get(s);
            assertThat(c.labels()).hasSize(sets.get(s).length);
            assertThat(Partitions.isCanonical(c.labels())).isTrue();
            assertThat(c.clusters()).isEqualTo(Partitions.clusterCount(c.labels()));
            double[][] steps = c.stepProbabilities();
            assertThat(steps[0]).containsExactly(1.0);
            double sum = 0;
            int k = 1;
            for (int n = 1; n < steps.length; n++) {
                assertThat(steps[n]).hasSize(k + 1);
                assertThat(java.util.Arrays.stream(steps[n]).sum()).isCloseTo(1.0, within(1e-9));
                // greedy picks a most probable candidate
                double best = java.util.Arrays.stream(steps[n]).max().orElseThrow();
                assertThat(steps[n][c.labels()[n]]).isEqualTo(best);
                sum += Math.log(steps[n][c.labels()[n]]);
                k = Math.max(k, c.labels()[n] + 1);
            }
            assertThat(c.logProb()).isCloseTo(sum, within(1e-9));
            // the teacher-forced pass gives the decoded clustering the same probability
            assertThat(model.logProb(sets.get(s), c.labels())).isCloseTo(c.logProb(), within(1e-9));
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void batchOfSetsOfDifferentSizesDecodesLikeEachSetAlone(PointwiseClusterer model) {
        List<double[][]> sets = List.of(points(7, 11), points(12, 12), points(4, 13), points(12, 14));
        List<Clustering> together = model.clusterAll(sets);
        for (int s = 0; s < sets.size(); s++) {
            Clustering alone = model.cluster(sets.get(s));
            assertThat(together.get(s).labels()).containsExactly(alone.labels());
            assertThat(together.get(s).logProb()).isCloseTo(alone.logProb(), within(1e-9));
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void samplesAreDistinctSortedAndProperProbabilities(PointwiseClusterer model) {
        double[][] x = points(6, 21);
        List<Clustering> samples = model.sample(x, 300, 5);
        assertThat(samples).isNotEmpty();
        Set<String> seen = new HashSet<>();
        double total = 0;
        double previous = Double.POSITIVE_INFINITY;
        for (Clustering c : samples) {
            assertThat(seen.add(java.util.Arrays.toString(c.labels()))).isTrue();
            assertThat(Partitions.isCanonical(c.labels())).isTrue();
            assertThat(c.probability()).isLessThanOrEqualTo(1.0);
            assertThat(c.logProb()).isLessThanOrEqualTo(previous);
            assertThat(model.logProb(x, c.labels())).isCloseTo(c.logProb(), within(1e-9));
            previous = c.logProb();
            total += c.probability();
        }
        assertThat(total).isLessThanOrEqualTo(1.0 + 1e-9);
        // an untrained model spreads its mass: 300 draws over the 203 partitions of 6 points give many distinct ones
        assertThat(samples.size()).isGreaterThan(10);
        assertThat(model.sample(x, 300, 5)).isEqualTo(samples);
    }

    @Test
    void temperedSamplesCarryTheModelsProbabilitiesAndConcentrateAsTheTemperatureFalls() {
        // untrained weights give all but uniform steps (probabilities equal to within 1e-5); every weight tripled, the steps
        // differ as a trained model's do (78 distinct clusterings in 200 draws here, not 1 and not 190)
        try (Gfncp model = new Gfncp(backend, GfncpConfig.mog2d().withSizes(8, 8, 8, 12).withSeed(3), DType.FLOAT64)) {
            for (Parameter p : model.parameters()) {
                p.set(backend.ops().mulScalar(p.value(), 3.0));
            }
            double[][] x = points(8, 31);
            List<Clustering> plain = model.sample(x, 200, 7);
            assertThat(model.sample(x, 200, 7, 1.0)).isEqualTo(plain);
            List<Clustering> cold = model.sample(x, 200, 7, 0.3);
            for (Clustering c : cold) {
                assertThat(model.logProb(x, c.labels())).isCloseTo(c.logProb(), within(1e-9));
            }
            assertThat(cold.size()).as("distinct tempered draws").isLessThan(plain.size() / 2);
            // near zero every step takes its most probable candidate: the greedy clustering, whatever the seed
            assertThat(model.sample(x, 20, 8, 1e-6)).singleElement().extracting(Clustering::labels)
                    .isEqualTo(model.cluster(x).labels());
            assertThatThrownBy(() -> model.sample(x, 5, 1, 0.0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("temperature");
            assertThatThrownBy(() -> model.sample(x, 5, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void aLaterPointScoresAsTheTeacherForcedPassWithItInsertedBeforeTheLastDecodedPoint(PointwiseClusterer model) {
        int m = 9;
        for (long seed = 40; seed < 43; seed++) {
            double[][] x = points(m + 1, seed);
            Clustering after = model.clusterAfter(x, m);
            double[] row = after.stepProbabilities()[m];
            int before = row.length - 1; // clusters before the last decoded point's step
            // the same set with the later point moved in front of the last decoded one; summing over that one's
            // label leaves the later point's step alone
            double[][] moved = x.clone();
            moved[m - 1] = x[m];
            moved[m] = x[m - 1];
            List<double[][]> sets = new ArrayList<>();
            List<int[]> labels = new ArrayList<>();
            List<Integer> choice = new ArrayList<>();
            for (int k = 0; k <= before; k++) {
                for (int l = 0; l <= (k < before ? before : before + 1); l++) {
                    int[] y = java.util.Arrays.copyOf(after.labels(), m + 1);
                    y[m - 1] = k;
                    y[m] = l;
                    sets.add(moved);
                    labels.add(y);
                    choice.add(k);
                }
            }
            double[] lp = model.logProbs(sets.toArray(new double[0][][]), labels.toArray(new int[0][]));
            double[] expected = new double[before + 1];
            double total = 0;
            for (int i = 0; i < lp.length; i++) {
                expected[choice.get(i)] += Math.exp(lp[i]);
                total += Math.exp(lp[i]);
            }
            for (int k = 0; k <= before; k++) {
                assertThat(row[k]).as("candidate %d of set %d", k, seed).isCloseTo(expected[k] / total, within(1e-9));
            }
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void decodingLeavesNoTensorLive(PointwiseClusterer model) {
        long before = backend.diagnostics().liveTensors();
        model.clusterAfter(points(40, 60), 6);
        model.cluster(points(12, 61));
        model.beamSearch(points(9, 62), 3);
        assertThat(backend.diagnostics().liveTensors()).isEqualTo(before);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void laterPointsJoinOrOpenClustersWithCanonicalLabels(PointwiseClusterer model) {
        double[][] x = points(40, 50);
        Clustering after = model.clusterAfter(x, 6);
        assertThat(after.labels()).hasSize(40);
        assertThat(Partitions.isCanonical(after.labels())).isTrue();
        assertThat(after.clusters()).isEqualTo(Partitions.clusterCount(after.labels()));
        double score = 0;
        for (int i = 1; i < 40; i++) {
            double[] row = after.stepProbabilities()[i];
            assertThat(java.util.Arrays.stream(row).sum()).isCloseTo(1.0, within(1e-9));
            double best = java.util.Arrays.stream(row).max().orElseThrow();
            score += Math.log(best);
            if (i >= 6 && after.labels()[i] < row.length - 1) {
                // joined a cluster of the first points: its most probable candidate
                assertThat(row[after.labels()[i]]).isEqualTo(best);
            }
        }
        assertThat(after.logProb()).isCloseTo(score, within(1e-9));
        // the first points are decoded greedily as a set of their own
        assertThat(java.util.Arrays.copyOf(after.labels(), 6))
                .containsExactly(model.cluster(java.util.Arrays.copyOf(x, 6)).labels());
        // a set no larger than the decoded part is plain greedy decoding
        assertThat(model.clusterAfter(x, 40).labels()).containsExactly(model.cluster(x).labels());
        assertThatThrownBy(() -> model.clusterAfter(x, 1)).hasMessageContaining("at least 2");
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void beamSearchScoresItsResultAndWidthOneIsGreedy(PointwiseClusterer model) {
        double[][] x = points(10, 31);
        Clustering greedy = model.cluster(x);
        Clustering narrow = model.beamSearch(x, 1);
        assertThat(narrow.labels()).containsExactly(greedy.labels());
        Clustering wide = model.beamSearch(x, 5);
        assertThat(Partitions.isCanonical(wide.labels())).isTrue();
        assertThat(model.logProb(x, wide.labels())).isCloseTo(wide.logProb(), within(1e-9));
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void aBeamWiderThanThePartitionsOfFourPointsReturnsThemAllWithTheirProbabilities(PointwiseClusterer model) {
        double[][] x = points(4, 33);
        // 4 points have 15 partitions (Bell number); the schedule keeps 2, then 5, then up to 20 beams
        List<Clustering> all = model.beamSearchAll(x, 20);
        assertThat(all).hasSize(15);
        assertThat(all).extracting(c -> java.util.Arrays.toString(c.labels())).doesNotHaveDuplicates();
        double total = 0;
        for (int i = 0; i < all.size(); i++) {
            Clustering c = all.get(i);
            assertThat(Partitions.isCanonical(c.labels())).isTrue();
            assertThat(model.logProb(x, c.labels())).isCloseTo(c.logProb(), within(1e-9));
            if (i > 0) {
                assertThat(c.logProb()).isLessThanOrEqualTo(all.get(i - 1).logProb());
            }
            total += Math.exp(c.logProb());
        }
        assertThat(total).isCloseTo(1.0, within(1e-9));
        assertThat(all.get(0).labels()).containsExactly(model.beamSearch(x, 20).labels());
        // a narrower beam returns at most its width, the best of them first
        List<Clustering> three = model.beamSearchAll(x, 3);
        assertThat(three).hasSizeBetween(1, 3);
        assertThat(three.get(0).logProb()).isLessThanOrEqualTo(all.get(0).logProb() + 1e-12);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void everyClusteringOfASmallSetScoresAsItsTeacherForcedPass(PointwiseClusterer model) {
        double[][] x = points(7, 35);
        List<int[]> all = Partitions.all(7);
        long before = backend.diagnostics().liveTensors();
        double[] enumerated = model.partitionLogProbs(x);
        assertThat(backend.diagnostics().liveTensors()).isEqualTo(before);
        double[][][] sets = new double[all.size()][][];
        java.util.Arrays.fill(sets, x);
        double[] forced = model.logProbs(sets, all.toArray(new int[0][]));
        assertThat(enumerated).hasSize(877);
        double total = 0;
        for (int c = 0; c < all.size(); c++) {
            assertThat(enumerated[c]).as("clustering %s", java.util.Arrays.toString(all.get(c)))
                    .isCloseTo(forced[c], within(1e-9));
            total += Math.exp(enumerated[c]);
        }
        assertThat(total).isCloseTo(1.0, within(1e-9));
        assertThatThrownBy(() -> model.partitionLogProbs(points(13, 36))).hasMessageContaining("at most 12");
        assertThatThrownBy(() -> model.partitionLogProbs(points(1, 36))).hasMessageContaining("at least 2");
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void consistencyMetricsAreFiniteAndNonNegative(PointwiseClusterer model) {
        List<double[][]> sets = List.of(points(8, 41), points(8, 42), points(6, 43));
        double[] mcPred = Consistency.marginalConsistencyOfPredictions(model, sets);
        List<int[]> truth = new ArrayList<>();
        truth.add(new int[] {0, 0, 1, 1, 0, 2, 2, 1});
        truth.add(new int[] {5, 5, 5, 5, 7, 7, 7, 7});
        truth.add(new int[] {0, 1, 2, 3, 4, 5});
        double[] mcTrue = Consistency.marginalConsistency(model, sets, truth);
        for (double v : mcPred) {
            assertThat(v).isFinite().isGreaterThanOrEqualTo(0);
        }
        for (double v : mcTrue) {
            assertThat(v).isFinite().isGreaterThanOrEqualTo(0);
        }
        assertThat(mcTrue[0]).isNotEqualTo(mcPred[0]);
        double sdpp = Consistency.sdppOfMostLikely(model, points(7, 44), 20, 30, 1);
        assertThat(sdpp).isFinite().isGreaterThanOrEqualTo(0);
    }

    @org.junit.jupiter.api.Test
    void marginalConsistencyOfManyLargeSetsIsChunkedWithoutChangingIt() {
        PointwiseClusterer model = models.get(0);
        List<double[][]> sets = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            sets.add(points(400, 100 + s));
            int[] c = new int[400];
            for (int i = 0; i < c.length; i++) {
                c[i] = (i * 7 + s) % 8;
            }
            labels.add(c);
        }
        // 40 sets x 400 steps x 9 candidates = 144,000 slots: more than one pass may hold
        double[] together = Consistency.marginalConsistency(model, sets, labels);
        for (int s = 0; s < sets.size(); s += 13) {
            double alone = Consistency.marginalConsistency(model, List.<double[][]>of(sets.get(s)), List.<int[]>of(labels.get(s)))[0];
            assertThat(together[s]).isCloseTo(alone, within(1e-9 * Math.max(1, Math.abs(alone))));
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void badInputIsRejectedWithAClearMessage(PointwiseClusterer model) {
        double[][] nan = points(5, 1);
        nan[2][1] = Double.NaN;
        assertThatThrownBy(() -> model.cluster(nan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("point 2").hasMessageContaining("not finite");
        assertThatThrownBy(() -> model.cluster(new double[][] {{1, 2, 3}, {1, 2, 3}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 3");
        assertThatThrownBy(() -> model.cluster(new double[0][])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> model.cluster(new double[][] {{1, 2}})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 points");
        assertThatThrownBy(() -> model.sample(new double[][] {{1, 2}}, 3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 points");
        assertThatThrownBy(() -> model.logProb(points(4, 1), new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one label per point");
        assertThatThrownBy(() -> model.clusterAll(List.of(points(4, 1), new double[][] {{0, 0}})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set 1");
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("models")
    void energiesBeyondTheFloatResolutionAreAnErrorNotProbabilities(PointwiseClusterer model) {
        double[][] far = points(6, 2);
        far[3][0] = 1e30;
        List<double[][]> sets = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            sets.add(points(5, 300 + s));
        }
        sets.set(257, far);
        // the set index counts across the decoder's chunks (256 sets); GFNCP with U sees the far point from the start
        assertThatThrownBy(() -> model.clusterAll(sets)).isInstanceOfSatisfying(EnergyOverflowException.class, e -> {
            assertThat(e.set()).isEqualTo(257);
            assertThat(e.point()).isBetween(0, 3);
            assertThat(e).hasMessageContaining("rescale");
        });
        assertThatThrownBy(() -> model.beamSearch(far, 3)).isInstanceOf(EnergyOverflowException.class);
        assertThatThrownBy(() -> model.sample(far, 4, 1)).isInstanceOf(EnergyOverflowException.class);
        assertThatThrownBy(() -> model.logProb(far, new int[6])).isInstanceOfSatisfying(EnergyOverflowException.class,
                e -> assertThat(e.point()).isEqualTo(-1));
        // MC groups sets by size; the failure names the set's place in the caller's list
        assertThatThrownBy(() -> Consistency.marginalConsistency(model, List.of(points(5, 1), points(6, 1), far),
                List.of(new int[5], new int[6], new int[6]))).isInstanceOfSatisfying(EnergyOverflowException.class,
                e -> assertThat(e.set()).isEqualTo(2));
        // a point decoded after the others: its index in the input, not in the batch of later points
        double[][] late = points(12, 3);
        late[10][1] = 1e30;
        assertThatThrownBy(() -> model.clusterAfter(late, 4)).isInstanceOfSatisfying(EnergyOverflowException.class,
                e -> assertThat(e.point()).isEqualTo(10));
        // far but resolvable is still a clustering, with probabilities that sum to one
        double[][] wide = points(6, 2);
        wide[3][0] = 1e4;
        for (double[] step : model.cluster(wide).stepProbabilities()) {
            assertThat(java.util.Arrays.stream(step).sum()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void singlePrecisionModelsReportWhereFloat32StopsResolvingEnergies() {
        try (Gfncp model = new Gfncp(backend, GfncpConfig.mog2d().withSizes(8, 8, 8, 12).withSeed(3))) {
            double[][] far = points(5, 4);
            far[4][0] = 1e15;
            assertThatThrownBy(() -> model.cluster(far)).isInstanceOfSatisfying(EnergyOverflowException.class,
                    e -> assertThat(e).hasMessageContaining("beyond what float32 resolves"));
        }
    }

    @org.junit.jupiter.api.Test
    void manySetsAreDecodedInChunksInInputOrder() {
        PointwiseClusterer model = models.get(0);
        List<double[][]> sets = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            sets.add(points(3 + s % 4, 100 + s));
        }
        List<Clustering> all = model.clusterAll(sets);
        assertThat(all).hasSize(300);
        for (int s : new int[] {0, 255, 256, 299}) {
            assertThat(all.get(s).labels()).containsExactly(model.cluster(sets.get(s)).labels());
        }
    }

    @org.junit.jupiter.api.Test
    void singlePrecisionModelsAgreeWithTheirTeacherForcedPass() {
        try (Gfncp model = new Gfncp(backend, GfncpConfig.mog2d().withSizes(16, 16, 16, 32).withSeed(5))) {
            double[][] x = points(40, 7);
            Clustering c = model.cluster(x);
            assertThat(model.logProb(x, c.labels())).isCloseTo(c.logProb(), within(1e-3 * Math.abs(c.logProb())));
            for (Clustering s : model.sample(x, 5, 3)) {
                assertThat(model.logProb(x, s.labels())).isCloseTo(s.logProb(), within(1e-3 * Math.abs(s.logProb())));
            }
        }
    }
}
