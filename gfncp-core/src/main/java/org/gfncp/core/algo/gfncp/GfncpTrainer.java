package org.gfncp.core.algo.gfncp;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.algo.pointwise.TrainingListener;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.optim.CosineSchedule;
import org.gfncp.core.random.RandomStream;

/**
 * Trains a {@link Gfncp} as the released code does (spec 2.5): per iteration one MoG batch (one CRP partition
 * shared by the batch, exploration with probability {@code 1 - beta}), the {@link GfncpLoss}, one Adam step
 * (no weight decay) with a cosine learning rate from {@code learningRate} to {@code minLearningRate} updated every
 * {@code scheduleEvery} iterations. Every iteration runs inside its own tensor scope. Deterministic for a seed.
 */
public final class GfncpTrainer implements AutoCloseable {

    private final Gfncp model;
    private final MogBatches batches;
    private final RandomStream data;
    private final GfncpLoss loss;
    private final Adam adam;
    private final CosineSchedule schedule;
    private int iteration;

    public GfncpTrainer(Gfncp model) {
        this.model = model;
        GfncpConfig cfg = model.config();
        RandomStream root = new RandomStream(cfg.seed() ^ 0x5DEECE66DL);
        this.data = root.split();
        this.loss = new GfncpLoss(model, root.split());
        this.batches = cfg.batches();
        this.adam = new Adam(model.backend(), cfg.learningRate());
        this.schedule = new CosineSchedule(cfg.learningRate(), cfg.minLearningRate(), cfg.iterations(),
                cfg.scheduleEvery());
    }

    /** Iterations done so far. */
    public int iteration() {
        return iteration;
    }

    /** Runs {@code iterations} more iterations and returns their losses. */
    public double[] train(int iterations, TrainingListener listener) {
        double[] losses = new double[iterations];
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            losses[i] = step();
            listener.onIteration(iteration - 1, losses[i], (System.nanoTime() - start) / 1e9);
        }
        return losses;
    }

    /** One iteration on the next generated batch; returns its loss. */
    public double step() {
        return step(batches.next(data));
    }

    /** One iteration on {@code batch}; returns its loss. */
    public double step(TrainingBatch batch) {
        try (TensorScope scope = model.backend().openScope()) {
            schedule.apply(adam, iteration);
            Var value = loss.loss(batch);
            double result = model.diff().ops().toDoubles(value.value())[0];
            if (!Double.isFinite(result)) {
                throw new IllegalStateException("GFNCP loss became " + result + " at iteration " + iteration);
            }
            Gradients gradients = model.diff().backward(value);
            adam.step(gradients, scope);
            iteration++;
            return result;
        }
    }

    @Override
    public void close() {
        adam.close();
    }
}
