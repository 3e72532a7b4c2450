package org.gfncp.core.algo.ncp;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.pointwise.Encodings;
import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.algo.pointwise.PointwiseEnergy;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.algo.pointwise.TrainingListener;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.GradientBuffer;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.random.RandomStream;

/**
 * Trains an {@link Ncp} as the published code does (spec 1.3, 1.5): per iteration one MoG batch, then
 * {@code permutations} times a fresh order of the points (shared by the batch) with relabeling, the mean
 * negative log-likelihood over the sets from one teacher-forced pass, and its gradients summed; then one Adam step
 * (L2 weight decay) with the rate dropped at two iterations. Deterministic for a seed.
 */
public final class NcpTrainer implements AutoCloseable {

    private final Ncp model;
    private final MogBatches batches;
    private final RandomStream data;
    private final RandomStream orders;
    private final Adam adam;
    private int iteration;

    public NcpTrainer(Ncp model) {
        this.model = model;
        NcpConfig cfg = model.config();
        RandomStream root = new RandomStream(cfg.seed() ^ 0x5DEECE66DL);
        this.data = root.split();
        this.orders = root.split();
        this.batches = cfg.batches();
        this.adam = new Adam(model.backend(), cfg.learningRate(), 0.9, 0.999, 1e-8, cfg.weightDecay(), false);
    }

    public int iteration() {
        return iteration;
    }

    /** Runs {@code iterations} more iterations and returns their losses (mean NLL over the orders). */
    public double[] train(int iterations, TrainingListener listener) {
        double[] losses = new double[iterations];
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            losses[i] = step();
            listener.onIteration(iteration - 1, losses[i], (System.nanoTime() - start) / 1e9);
        }
        return losses;
    }

    /** One iteration on the next generated batch. */
    public double step() {
        return step(batches.next(data));
    }

    /** One iteration on {@code batch}: the orders' gradients are summed before one Adam step. */
    public double step(TrainingBatch batch) {
        Diff diff = model.diff();
        int perms = model.config().permutations();
        double total = 0;
        try (TensorScope scope = model.backend().openScope(); GradientBuffer buffer = new GradientBuffer(diff.ops())) {
            adam.setLearningRate(model.config().learningRateAt(iteration));
            for (int p = 0; p < perms; p++) {
                try (TensorScope pass = model.backend().openScope()) {
                    Var loss = loss(permuted(batch, orders.permutation(batch.setSize())));
                    total += diff.ops().toDoubles(loss.value())[0];
                    buffer.add(diff.backward(loss));
                    buffer.keep(pass);
                }
            }
            double mean = total / perms;
            if (!Double.isFinite(mean)) {
                throw new IllegalStateException("NCP loss became " + mean + " at iteration " + iteration);
            }
            adam.step(buffer.sum(), scope);
            iteration++;
            return mean;
        }
    }

    /** Mean over the sets of {@code -sum_n log p(c_n | c_<n, x)}, differentiable. */
    public Var loss(TrainingBatch batch) {
        Diff diff = model.diff();
        PointwiseEnergy energy = model.energy();
        Encodings enc = energy.encode(diff.constant(energy.points(batch.points())), null, true);
        return diff.mean(energy.negativeLogLikelihood(energy.teacherForced(enc, batch.labels(), true)));
    }

    /** The batch with every set's points and labels reordered by {@code order} and relabeled. */
    static TrainingBatch permuted(TrainingBatch batch, int[] order) {
        double[][][] points = new double[batch.batchSize()][][];
        int[][] labels = new int[batch.batchSize()][];
        for (int b = 0; b < points.length; b++) {
            points[b] = Partitions.permute(batch.points()[b], order);
            labels[b] = Partitions.relabel(Partitions.permute(batch.labels()[b], order));
        }
        return new TrainingBatch(points, labels, batch.exploration());
    }

    @Override
    public void close() {
        adam.close();
    }
}
