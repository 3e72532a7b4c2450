package org.gfncp.core.algo.pointwise;

import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.GradientBuffer;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.optim.GradientClipping;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;

/**
 * The training loop GFNCP and NCP share: per iteration one MoG batch (the next generated one unless given), the
 * iteration's learning rate, the model's loss and gradients, a check that the loss is finite, then one Adam step.
 * Every iteration runs inside its own tensor scope, so it leaves nothing behind but the updated weights and
 * optimizer moments. Deterministic for a seed: the batches come from the first stream split off the trainer's root
 * stream, a subclass's own randomness from later splits ({@link #newStream()}).
 */
public abstract class PointwiseTrainer implements AutoCloseable {

    private final PointwiseClusterer model;
    private final MogBatches batches;
    private final RandomStream root;
    private final RandomStream data;
    private final Adam adam;
    private int iteration;

    /** Takes ownership of {@code adam}; {@code seed} is the model configuration's seed. */
    protected PointwiseTrainer(PointwiseClusterer model, MogBatches batches, long seed, Adam adam) {
        this.model = model;
        this.batches = batches;
        this.root = new RandomStream(seed ^ 0x5DEECE66DL);
        this.data = root.split();
        this.adam = adam;
    }

    /** A fresh stream split off the trainer's root stream, for randomness beyond the batches. */
    protected final RandomStream newStream() {
        return root.split();
    }

    /** Iterations done so far. */
    public final int iteration() {
        return iteration;
    }

    /** Runs {@code iterations} more iterations and returns their losses. */
    public final double[] train(int iterations, TrainingListener listener) {
        double[] losses = new double[iterations];
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            losses[i] = step();
            listener.onIteration(iteration - 1, losses[i], (System.nanoTime() - start) / 1e9);
        }
        return losses;
    }

    /** One iteration on the next generated batch; returns its loss. */
    public final double step() {
        return step(batches.next(data));
    }

    /** One iteration on {@code batch}; returns its loss. */
    public final double step(TrainingBatch batch) {
        try (TensorScope scope = model.backend().openScope();
                GradientBuffer gradients = new GradientBuffer(model.diff().ops())) {
            adam.setLearningRate(learningRateAt(iteration));
            double loss = lossAndGradients(batch, gradients);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException(model.name() + " loss became " + loss + " at iteration " + iteration);
            }
            applyUpdate(model.backend(), adam, gradients, gradientClip(), scope);
            iteration++;
            return loss;
        }
    }

    /**
     * The update of every point-wise training step, here and in the command-line tool's own loop: the summed
     * gradients, clipped to the global norm {@code clip} when it is positive, then one Adam step.
     */
    public static void applyUpdate(Backend backend, Adam adam, GradientBuffer gradients, double clip,
            TensorScope scope) {
        Gradients sum = gradients.sum();
        if (clip > 0) {
            GradientClipping.clipGlobalNorm(backend, sum, clip);
        }
        adam.step(sum, scope);
    }

    /** The largest global gradient norm of an iteration, larger ones scaled down to it; 0 (default): no clipping. */
    protected double gradientClip() {
        return 0;
    }

    /** The learning rate of the 0-based {@code iteration}. */
    protected abstract double learningRateAt(int iteration);

    /**
     * The training loss of {@code batch}; adds the gradients of its backward pass (or passes) to {@code gradients}.
     * Runs inside the iteration's scope.
     */
    protected abstract double lossAndGradients(TrainingBatch batch, GradientBuffer gradients);

    @Override
    public void close() {
        adam.close();
    }
}
