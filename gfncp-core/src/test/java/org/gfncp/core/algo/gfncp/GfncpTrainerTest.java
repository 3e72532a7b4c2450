package org.gfncp.core.algo.gfncp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.algo.pointwise.PointwiseTrainerContract;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.algo.pointwise.TrainingListener;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** GFNCP training on tiny networks and small sets: the shared trainer contract plus GFNCP's loss terms. */
class GfncpTrainerTest extends PointwiseTrainerContract<Gfncp, GfncpTrainer> {

    private static GfncpConfig tiny() {
        GfncpConfig c = GfncpConfig.mog2d().withSizes(16, 16, 16, 32).withTraining(8, 8, 16, 40);
        return new GfncpConfig(c.pointDimension(), c.encoderHidden(), c.encodingDimension(), c.hidden(),
                c.clusterDimension(), true, GfncpConfig.Objective.CODE, 1e-5, 0.4, 0.6, false, false, 0.99,
                c.batchSize(), c.nMin(), c.nMax(), 0.7, 2, 4, 10.0, 1.0, false, 40, 1e-2, 1e-4, 10, 7, 0, 0, false, 0);
    }

    @Override
    protected long tinySeed() {
        return tiny().seed();
    }

    @Override
    protected Gfncp tinyModel(long seed) {
        return new Gfncp(backend, tiny().withSeed(seed));
    }

    @Override
    protected GfncpTrainer trainer(Gfncp model) {
        return new GfncpTrainer(model);
    }

    @Override
    protected MogBatches batches(Gfncp model) {
        return model.config().batches();
    }

    @Override
    protected double loss(Gfncp model, GfncpTrainer trainer, TrainingBatch batch) {
        return value(new GfncpLoss(model, new RandomStream(5)).loss(batch));
    }

    @Override
    protected double requiredLossRatio() {
        return 0.9;
    }

    @Test
    void explorationBatchesKeepOnlyTheFlowTermsUnlessAsked() {
        GfncpConfig c = tiny();
        TrainingBatch data = c.batches().next(new RandomStream(1));
        TrainingBatch explore = new TrainingBatch(data.points(), data.labels(), true);
        try (Gfncp model = new Gfncp(backend, c); TensorScope scope = backend.openScope()) {
            GfncpLoss loss = new GfncpLoss(model, new RandomStream(2));
            GfncpLoss.Terms full = loss.terms(new TrainingBatch(data.points(), data.labels(), false));
            assertThat(full.contrastive()).isNotNull();
            assertThat(full.regularizer()).isNotNull();
            GfncpLoss.Terms exploring = loss.terms(explore);
            assertThat(exploring.contrastive()).isNull();
            assertThat(exploring.regularizer()).isNull();
            assertThat(value(exploring.total())).isEqualTo(value(exploring.flow()));
            assertThat(value(exploring.flow())).isEqualTo(value(full.flow()));
            double sum = value(full.flow()) + value(full.contrastive()) + value(full.regularizer());
            assertThat(value(full.total())).isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-4));
        }
        GfncpConfig paper = c.withObjective(GfncpConfig.Objective.PAPER, 0.99, true);
        try (Gfncp model = new Gfncp(backend, paper); TensorScope scope = backend.openScope()) {
            GfncpLoss.Terms exploring = new GfncpLoss(model, new RandomStream(2)).terms(explore);
            assertThat(exploring.regularizer()).isNotNull();
            assertThat(exploring.contrastive()).isNull();
            assertThat(value(exploring.total())).isFinite();
        }
    }

    @Test
    void gradientClipShortensAStepOnlyWhenTheNormExceedsIt() {
        double free = firstStepChange(tiny());
        // Adam divides by the gradient's own scale, so only a clip that brings the per-weight gradients near its
        // epsilon (1e-8) shows in the first step
        assertThat(firstStepChange(tiny().withSafeguards(0, 1e-7, false))).isLessThan(0.5 * free);
        assertThat(firstStepChange(tiny().withSafeguards(0, 1e9, false))).isEqualTo(free);
        assertThatThrownBy(() -> tiny().withSafeguards(0, -1, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gradientClip");
        assertThatThrownBy(() -> tiny().withSafeguards(0, Double.NaN, false)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Sum of the absolute weight changes of one training iteration. */
    private double firstStepChange(GfncpConfig c) {
        try (Gfncp model = new Gfncp(backend, c); GfncpTrainer trainer = new GfncpTrainer(model)) {
            List<double[]> before = new ArrayList<>();
            for (Parameter p : model.energy().namedParameters()) {
                before.add(backend.ops().toDoubles(p.value()));
            }
            trainer.step();
            double change = 0;
            int i = 0;
            for (Parameter p : model.energy().namedParameters()) {
                double[] after = backend.ops().toDoubles(p.value());
                double[] was = before.get(i++);
                for (int j = 0; j < after.length; j++) {
                    change += Math.abs(after[j] - was[j]);
                }
            }
            return change;
        }
    }

    @Test
    void onlineVariantTrains() {
        try (Gfncp model = new Gfncp(backend, tiny().withIncludeU(false));
                GfncpTrainer trainer = new GfncpTrainer(model)) {
            double[] losses = trainer.train(3, TrainingListener.none());
            assertThat(losses).hasSize(3);
            for (double l : losses) {
                assertThat(l).isFinite();
            }
        }
    }

    @Test
    void defaultsAreTheReleasedCodesSettings() {
        GfncpConfig c = GfncpConfig.mog2d();
        assertThat(c.architecture().encodingDimension()).isEqualTo(128);
        assertThat(c.clusterDimension()).isEqualTo(512);
        assertThat(c.hidden()).isEqualTo(128);
        assertThat(c.epsilon()).isEqualTo(1e-5);
        assertThat(c.lambdaCd()).isEqualTo(0.4);
        assertThat(c.lambdaReg()).isEqualTo(0.6);
        assertThat(c.beta()).isEqualTo(0.99);
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.nMin()).isEqualTo(50);
        assertThat(c.nMax()).isEqualTo(100);
        assertThat(c.learningRate()).isEqualTo(5e-4);
        assertThat(c.minLearningRate()).isEqualTo(1e-6);
        assertThat(c.objective()).isEqualTo(GfncpConfig.Objective.CODE);
        assertThat(c.exploreKeepsReg()).isFalse();
        TrainingBatch batch = c.batches().next(new RandomStream(3));
        assertThat(batch.batchSize()).isEqualTo(32);
        assertThat(batch.setSize()).isBetween(50, 99);
        for (int[] labels : batch.labels()) {
            assertThat(labels).containsExactly(batch.labels()[0]);
        }
    }

    private double value(org.gfncp.api.diff.Var v) {
        return backend.ops().toDoubles(v.value())[0];
    }
}
