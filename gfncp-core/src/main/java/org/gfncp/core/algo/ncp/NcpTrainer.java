package org.gfncp.core.algo.ncp;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.pointwise.Encodings;
import org.gfncp.core.algo.pointwise.PointwiseEnergy;
import org.gfncp.core.algo.pointwise.PointwiseTrainer;
import org.gfncp.core.algo.pointwise.TrainingBatch;
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
public final class NcpTrainer extends PointwiseTrainer {

    private final Ncp model;
    private final RandomStream orders;

    public NcpTrainer(Ncp model) {
        super(model, model.config().batches(), model.config().seed(), new Adam(model.backend(),
                model.config().learningRate(), 0.9, 0.999, 1e-8, model.config().weightDecay(), false));
        this.model = model;
        this.orders = newStream();
    }

    @Override
    protected double learningRateAt(int iteration) {
        return model.config().learningRateAt(iteration);
    }

    /** The mean NLL over {@code permutations} orders of {@code batch}; their gradients are summed. */
    @Override
    protected double lossAndGradients(TrainingBatch batch, GradientBuffer gradients) {
        Diff diff = model.diff();
        int perms = model.config().permutations();
        double total = 0;
        for (int p = 0; p < perms; p++) {
            try (TensorScope pass = model.backend().openScope()) {
                Var loss = loss(batch.permuted(orders.permutation(batch.setSize())));
                total += diff.ops().toDoubles(loss.value())[0];
                gradients.add(diff.backward(loss));
                gradients.keep(pass);
            }
        }
        return total / perms;
    }

    /** Mean over the sets of {@code -sum_n log p(c_n | c_<n, x)}, differentiable. */
    public Var loss(TrainingBatch batch) {
        Diff diff = model.diff();
        PointwiseEnergy energy = model.energy();
        Encodings enc = energy.encode(diff.constant(energy.points(batch.points())), null, true);
        return diff.mean(energy.negativeLogLikelihood(energy.teacherForced(enc, batch.labels(), true)));
    }
}
