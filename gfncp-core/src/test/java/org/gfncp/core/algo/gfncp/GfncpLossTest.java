package org.gfncp.core.algo.gfncp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.core.algo.pointwise.FlowMatching;
import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.diff.GradientBuffer;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The contrastive policy sample drawn on a second thread against the same loss drawn in sequence. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GfncpLossTest {

    private Backend backend;

    @BeforeAll
    void open() {
        backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
    }

    @AfterAll
    void close() {
        backend.close();
    }

    private static GfncpConfig tiny() {
        // beta 0.5: some exploration batches (no sample) among the data batches
        return GfncpConfig.mog2d().withSizes(16, 16, 16, 32).withTraining(6, 8, 16, 40)
                .withObjective(GfncpConfig.Objective.CODE, 0.5, false);
    }

    /** {@code iterations} Adam steps on the loss; returns every loss and its contrastive term. */
    private double[][] train(boolean overlap, int iterations) {
        GfncpConfig c = tiny();
        MogBatches batches = c.batches();
        RandomStream data = new RandomStream(31);
        double[][] out = new double[2][iterations];
        try (Gfncp model = new Gfncp(backend, c); Adam adam = new Adam(backend, 1e-2)) {
            GfncpLoss loss = new GfncpLoss(model, new RandomStream(9), overlap);
            for (int i = 0; i < iterations; i++) {
                TrainingBatch batch = batches.next(data);
                try (TensorScope scope = backend.openScope()) {
                    GfncpLoss.Terms terms = loss.terms(batch);
                    out[0][i] = value(terms.total());
                    out[1][i] = terms.contrastive() == null ? Double.NaN : value(terms.contrastive());
                    adam.step(model.diff().backward(terms.total()), scope);
                }
            }
        }
        return out;
    }

    private double value(Var v) {
        return backend.ops().toDoubles(v.value())[0];
    }

    @Test
    void overlappedSamplingGivesExactlyTheSequentialLosses() {
        long live = backend.diagnostics().liveTensors();
        double[][] sequential = train(false, 8);
        double[][] overlapped = train(true, 8);
        assertThat(overlapped[0]).containsExactly(sequential[0]);
        assertThat(overlapped[1]).containsExactly(sequential[1]);
        // the run had data batches (a contrastive term) and exploration batches (none)
        assertThat(Arrays.stream(sequential[1]).boxed().toList()).anyMatch(v -> Double.isFinite(v))
                .anyMatch(v -> Double.isNaN(v));
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("gfncp-policy-sampler"));
        assertThat(backend.diagnostics().liveTensors()).as("tensors left by the worker thread").isEqualTo(live);
    }

    @Test
    void splitBackwardGivesTheGradientsOfTheWholeLoss() {
        checkSplitBackward(tiny(), 1e-5);
    }

    @Test
    void splitBackwardGivesTheGradientsOfTheWholeLossWithAnActiveEnergyCeiling() {
        // the squared excess, large next to the other terms, leaves more float32 cancellation in small gradients
        checkSplitBackward(tiny().withSafeguards(-1, 0, false), 1e-4);
    }

    @Test
    void splitBackwardGivesTheGradientsOfTheWholeLossWithSampleFlowMatching() {
        checkSplitBackward(tiny().withSafeguards(0, 0, true), 1e-5);
    }

    private void checkSplitBackward(GfncpConfig c, double tolerance) {
        MogBatches batches = c.batches();
        RandomStream data = new RandomStream(12);
        int checked = 0;
        try (Gfncp whole = new Gfncp(backend, c); Gfncp split = new Gfncp(backend, c)) {
            GfncpLoss wholeLoss = new GfncpLoss(whole, new RandomStream(5), true);
            GfncpLoss splitLoss = new GfncpLoss(split, new RandomStream(5), true);
            for (int i = 0; i < 6; i++) {
                TrainingBatch batch = batches.next(data);
                try (TensorScope scope = backend.openScope();
                        GradientBuffer buffer = new GradientBuffer(backend.ops())) {
                    Var total = wholeLoss.terms(batch).total();
                    Gradients expected = whole.diff().backward(total);
                    double value = splitLoss.backward(batch, buffer);
                    // this thread's sets, the sample, the other sets, encoder h, encoder u
                    assertThat(buffer.passes()).isEqualTo(batch.exploration() ? 4 : 5);
                    // float32 sums in another order
                    assertThat(value).isCloseTo(value(total), within(1e-6 * Math.abs(value(total))));
                    Gradients actual = buffer.sum();
                    assertThat(actual.size()).isEqualTo(expected.size());
                    for (String name : whole.parameters().names()) {
                        // parameters by their qualified names: the two models have distinct objects
                        double[] e = backend.ops().toDoubles(expected.get(whole.parameters().get(name)));
                        double[] a = backend.ops().toDoubles(actual.get(split.parameters().get(name)));
                        double scale = Arrays.stream(e).map(Math::abs).max().orElse(0);
                        for (int j = 0; j < e.length; j++) {
                            assertThat(a[j]).as(name + "[" + j + "]").isCloseTo(e[j], within(tolerance * scale + 1e-12));
                        }
                    }
                    checked += batch.exploration() ? 0 : 1;
                }
            }
        }
        assertThat(checked).as("batches with a policy sample").isPositive();
    }

    /** {@code iterations} Adam steps through {@link GfncpLoss#backward}; returns the losses and final weights. */
    private double[][] trainSplit(boolean overlap, int iterations) {
        GfncpConfig c = tiny();
        MogBatches batches = c.batches();
        RandomStream data = new RandomStream(31);
        double[] losses = new double[iterations];
        try (Gfncp model = new Gfncp(backend, c); Adam adam = new Adam(backend, 1e-2)) {
            GfncpLoss loss = new GfncpLoss(model, new RandomStream(9), overlap);
            for (int i = 0; i < iterations; i++) {
                TrainingBatch batch = batches.next(data);
                try (TensorScope scope = backend.openScope();
                        GradientBuffer buffer = new GradientBuffer(backend.ops())) {
                    losses[i] = loss.backward(batch, buffer);
                    adam.step(buffer.sum(), scope);
                }
            }
            return new double[][] {losses, backend.ops().toDoubles(model.parameters().get("E.0.weight").value())};
        }
    }

    @Test
    void splitBackwardIsExactlyTheSameOnOneThreadOrTwo() {
        long live = backend.diagnostics().liveTensors();
        double[][] sequential = trainSplit(false, 8);
        double[][] overlapped = trainSplit(true, 8);
        assertThat(overlapped[0]).containsExactly(sequential[0]);
        assertThat(overlapped[1]).containsExactly(sequential[1]);
        assertThat(backend.diagnostics().liveTensors()).as("tensors left by either thread").isEqualTo(live);
    }

    @Test
    void aFailingBatchLeavesNothingRunningOrLive() {
        GfncpConfig c = tiny();
        TrainingBatch good = c.batches().next(new RandomStream(4));
        // non-canonical labels make the teacher-forced pass fail while the worker samples
        int[][] wrong = new int[good.batchSize()][];
        for (int b = 0; b < wrong.length; b++) {
            wrong[b] = good.labels()[b].clone();
            wrong[b][0] = 1;
        }
        long live = backend.diagnostics().liveTensors();
        try (Gfncp model = new Gfncp(backend, c)) {
            GfncpLoss loss = new GfncpLoss(model, new RandomStream(9), true);
            try (TensorScope scope = backend.openScope()) {
                assertThatThrownBy(
                        () -> loss.terms(new TrainingBatch(good.points(), wrong, false)))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            try (TensorScope scope = backend.openScope()) {
                assertThat(value(loss.terms(good).total())).isFinite();
            }
            // the same through the two-thread backward pass: both threads fail, nothing is left behind
            try (TensorScope scope = backend.openScope();
                    GradientBuffer buffer = new GradientBuffer(backend.ops())) {
                assertThatThrownBy(() -> loss.backward(new TrainingBatch(good.points(), wrong, false), buffer))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            // only the last set is wrong: this thread's share succeeds, the other thread's fails
            int[][] lastWrong = good.labels().clone();
            lastWrong[lastWrong.length - 1] = wrong[0];
            try (TensorScope scope = backend.openScope();
                    GradientBuffer buffer = new GradientBuffer(backend.ops())) {
                assertThatThrownBy(() -> loss.backward(new TrainingBatch(good.points(), lastWrong, false), buffer))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            try (TensorScope scope = backend.openScope();
                    GradientBuffer buffer = new GradientBuffer(backend.ops())) {
                assertThat(loss.backward(good, buffer)).isFinite();
            }
        }
        assertThat(backend.diagnostics().liveTensors()).isEqualTo(live);
    }

    /** Terms of the first data batch (drawn after {@code skip} batches) and the gradients of their total. */
    private record Evaluated(double[] terms, double[][] gradients, double[] dataEnergies, double scale,
            double dataTelescoping, double dataBalance, double dataLogProb) {
    }

    private Evaluated firstDataBatch(GfncpConfig c) {
        MogBatches batches = c.batches();
        RandomStream data = new RandomStream(44);
        try (Gfncp model = new Gfncp(backend, c); TensorScope scope = backend.openScope()) {
            GfncpLoss loss = new GfncpLoss(model, new RandomStream(3), false);
            TrainingBatch batch = batches.next(data);
            while (batch.exploration()) {
                batch = batches.next(data);
            }
            GfncpLoss.Terms t = loss.terms(batch);
            Gradients g = model.diff().backward(t.total());
            double[][] grads = model.parameters().names().stream()
                    .map(name -> backend.ops().toDoubles(g.get(model.parameters().get(name)))).toArray(double[][]::new);
            var energy = model.energy();
            var enc = energy.encode(model.diff().constant(energy.points(batch.points())), null, false);
            double[] e = backend.ops().toDoubles(energy.terminalEnergies(enc, batch.labels(), false).value());
            var tf = energy.teacherForced(enc, batch.labels(), false);
            double telescoping = Arrays.stream(backend.ops().toDoubles(
                    FlowMatching.telescopingResiduals(model.diff(), tf).value())).sum();
            double balance = Arrays.stream(backend.ops().toDoubles(
                    FlowMatching.trajectoryBalance(model.diff(), tf).value())).sum();
            double logProb = Arrays.stream(model.logProbs(batch.points(), batch.labels())).sum();
            return new Evaluated(new double[] {value(t.total()), value(t.flow()), value(t.contrastive()),
                value(t.regularizer()), t.sampleFlow() == null ? Double.NaN : value(t.sampleFlow()),
                t.likelihood() == null ? Double.NaN : value(t.likelihood())}, grads, e,
                    1.0 / ((double) batch.setSize() * batch.batchSize()), telescoping, balance, logProb);
        }
    }

    @Test
    void sampleFlowMatchingAddsTheFlowTermsOfTheSampledTrajectoriesAndNothingElse() {
        Evaluated off = firstDataBatch(tiny());
        Evaluated on = firstDataBatch(tiny().withSafeguards(0, 0, true));
        assertThat(off.terms()[4]).isNaN();
        double sampleFlow = on.terms()[4];
        // the untrained policy's samples are not the data labels: their residuals are not zero
        assertThat(sampleFlow).isPositive();
        assertThat(on.terms()[1]).isEqualTo(off.terms()[1]);
        assertThat(on.terms()[3]).isEqualTo(off.terms()[3]);
        // the same samples; their terminal energy now comes from the teacher-forced pass (float32 rounding apart)
        assertThat(on.terms()[2]).isCloseTo(off.terms()[2], within(1e-5 * Math.abs(off.terms()[2]) + 1e-7));
        assertThat(on.terms()[0]).isCloseTo(off.terms()[0] + sampleFlow, within(1e-5 * Math.abs(on.terms()[0])));
        assertThat(on.gradients()[0]).isNotEqualTo(off.gradients()[0]);
    }

    @Test
    void theSupervisedTermAddsTheDataClusteringsNegativeLogLikelihoodToDataBatchesOnly() {
        Evaluated off = firstDataBatch(tiny());
        double weight = 2.5;
        Evaluated on = firstDataBatch(tiny().withLambdaNll(weight));
        assertThat(off.terms()[5]).isNaN();
        double expected = weight * on.scale() * -on.dataLogProb();
        assertThat(expected).as("an untrained policy is unsure of the data's labels").isGreaterThan(0.1);
        assertThat(on.terms()[5]).isCloseTo(expected, within(1e-5 * expected));
        // everything else as without it, so the term is exactly what was added
        assertThat(Arrays.copyOfRange(on.terms(), 1, 5)).containsExactly(Arrays.copyOfRange(off.terms(), 1, 5));
        assertThat(on.terms()[0]).isCloseTo(off.terms()[0] + expected, within(1e-5 * Math.abs(on.terms()[0])));
        assertThat(on.gradients()[0]).isNotEqualTo(off.gradients()[0]);

        GfncpConfig c = tiny().withLambdaNll(weight);
        RandomStream data = new RandomStream(44);
        TrainingBatch exploring = c.batches().next(data);
        while (!exploring.exploration()) {
            exploring = c.batches().next(data);
        }
        try (Gfncp model = new Gfncp(backend, c); TensorScope scope = backend.openScope()) {
            assertThat(new GfncpLoss(model, new RandomStream(3), false).terms(exploring).likelihood())
                    .as("random labels are not to be learned").isNull();
        }
        assertThatThrownBy(() -> tiny().withLambdaNll(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambdaNll");
    }

    @Test
    void theSupervisedTermsSplitBackwardGivesTheGradientsOfTheWholeLoss() {
        checkSplitBackward(tiny().withLambdaNll(2.5), 1e-5);
    }

    @Test
    void theTelescopingAndBalanceObjectivesTrainUnshiftedFlowsAndThePapersRegularizerBesideTheSameContrastiveTerm() {
        GfncpConfig code = tiny();
        Evaluated shifted = firstDataBatch(code);
        Evaluated telescoping = firstDataBatch(code.withObjective(GfncpConfig.Objective.TELESCOPING, code.beta(),
                code.exploreKeepsReg()));
        double scale = telescoping.scale();
        assertThat(telescoping.terms()[1]).isCloseTo(scale * telescoping.dataTelescoping(),
                within(1e-5 * telescoping.terms()[1]));
        assertThat(telescoping.terms()[1]).isNotCloseTo(shifted.terms()[1], within(1e-3 * shifted.terms()[1]));
        double squared = Arrays.stream(telescoping.dataEnergies()).map(e -> e * e).sum();
        assertThat(telescoping.terms()[3]).isCloseTo(code.lambdaReg() * scale * squared,
                within(1e-5 * telescoping.terms()[3]));
        // same weights, same policy sample: the contrastive term is the code's
        assertThat(telescoping.terms()[2]).isEqualTo(shifted.terms()[2]);

        Evaluated balance = firstDataBatch(code.withObjective(GfncpConfig.Objective.TRAJECTORY_BALANCE, code.beta(),
                code.exploreKeepsReg()));
        assertThat(balance.terms()[1]).isCloseTo(scale * balance.dataBalance(), within(1e-5 * balance.terms()[1]));
        assertThat(balance.terms()[1]).isNotCloseTo(telescoping.terms()[1], within(1e-3 * telescoping.terms()[1]));
        assertThat(balance.terms()[3]).isEqualTo(telescoping.terms()[3]);
        assertThat(balance.terms()[2]).isEqualTo(shifted.terms()[2]);
    }

    @Test
    void anEnergyCeilingAboveEveryEnergyLeavesLossAndGradientsBitwiseUnchanged() {
        Evaluated off = firstDataBatch(tiny());
        Evaluated high = firstDataBatch(tiny().withSafeguards(1e6, 0, false));
        assertThat(high.terms()).containsExactly(off.terms());
        for (int i = 0; i < off.gradients().length; i++) {
            assertThat(high.gradients()[i]).containsExactly(off.gradients()[i]);
        }
    }

    @Test
    void anActiveEnergyCeilingAddsTheSquaredExcessOfTheEnergiesToTheRegularizer() {
        Evaluated off = firstDataBatch(tiny());
        // the untrained tiny model's energies are small and negative: a ceiling below them all is active
        double ceiling = -1;
        Evaluated on = firstDataBatch(tiny().withSafeguards(ceiling, 0, false));
        double dataExcess = 0;
        for (double e : off.dataEnergies()) {
            dataExcess += Math.pow(Math.max(0, e - ceiling), 2);
        }
        dataExcess *= off.scale();
        assertThat(dataExcess).as("some data energies above the ceiling").isPositive();
        // flow and contrastive terms untouched; the regularizer (and the total) grow by the data part at least,
        // the rest being the excess of the policy samples' energies
        assertThat(on.terms()[1]).isEqualTo(off.terms()[1]);
        assertThat(on.terms()[2]).isEqualTo(off.terms()[2]);
        double added = on.terms()[3] - off.terms()[3];
        assertThat(added).isGreaterThanOrEqualTo(dataExcess * (1 - 1e-5));
        assertThat(on.terms()[0] - off.terms()[0]).isCloseTo(added, within(1e-6 * Math.abs(on.terms()[0])));
        assertThat(on.gradients()[0]).isNotEqualTo(off.gradients()[0]);
    }

    @Test
    void aNonFiniteEnergyCeilingIsRejected() {
        assertThatThrownBy(() -> tiny().withSafeguards(Double.NaN, 0, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("energyCeiling");
        assertThatThrownBy(() -> tiny().withSafeguards(Double.POSITIVE_INFINITY, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("energyCeiling");
    }
}
