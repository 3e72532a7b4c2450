package org.gfncp.core.algo.gfncp;

import org.gfncp.core.algo.pointwise.PointwiseTrainer;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.diff.GradientBuffer;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.optim.CosineSchedule;

/**
 * Trains a {@link Gfncp} as the released code does (spec 2.5): per iteration one MoG batch (one CRP partition
 * shared by the batch, exploration with probability {@code 1 - beta}), the {@link GfncpLoss}, one Adam step
 * (no weight decay) with a cosine learning rate from {@code learningRate} to {@code minLearningRate} updated every
 * {@code scheduleEvery} iterations, and gradient-norm clipping when the configuration asks for it. Every iteration runs inside its own tensor scope. Deterministic for a seed.
 */
public final class GfncpTrainer extends PointwiseTrainer {

    private final Gfncp model;
    private final GfncpLoss loss;
    private final CosineSchedule schedule;

    public GfncpTrainer(Gfncp model) {
        super(model, model.config().batches(), model.config().seed(),
                new Adam(model.backend(), model.config().learningRate()));
        GfncpConfig cfg = model.config();
        this.model = model;
        this.loss = new GfncpLoss(model, newStream());
        this.schedule = new CosineSchedule(cfg.learningRate(), cfg.minLearningRate(), cfg.iterations(),
                cfg.scheduleEvery());
    }

    @Override
    protected double gradientClip() {
        return model.config().gradientClip();
    }

    @Override
    protected double learningRateAt(int iteration) {
        return schedule.at(iteration);
    }

    @Override
    protected double lossAndGradients(TrainingBatch batch, GradientBuffer gradients) {
        return loss.backward(batch, gradients);
    }
}
