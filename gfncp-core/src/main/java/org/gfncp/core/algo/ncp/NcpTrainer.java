package org.gfncp.core.algo.ncp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.pointwise.Encodings;
import org.gfncp.core.algo.pointwise.PointwiseEnergy;
import org.gfncp.core.algo.pointwise.PointwiseTrainer;
import org.gfncp.core.algo.pointwise.SecondThread;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.GradientBuffer;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.random.RandomStream;

/**
 * Trains an {@link Ncp} as the published code does (spec 1.3, 1.5): per iteration one MoG batch, then
 * {@code permutations} times a fresh order of the points (shared by the batch) with relabeling, the mean
 * negative log-likelihood over the sets from one teacher-forced pass, and its gradients summed; then one Adam step
 * (L2 weight decay) with the rate dropped at two iterations. Deterministic for a seed.
 *
 * <p>The orders are independent passes, so by default the second half of them runs on a second thread; their
 * gradients are added in the same order as in sequence, so the result is bitwise the same.
 */
public final class NcpTrainer extends PointwiseTrainer {

    private final Ncp model;
    private final RandomStream orders;
    /** Null when every order runs on the calling thread. */
    private final SecondThread second;

    public NcpTrainer(Ncp model) {
        this(model, true);
    }

    /** @param overlapOrders run the second half of each iteration's orders on a second thread (same result) */
    public NcpTrainer(Ncp model, boolean overlapOrders) {
        super(model, model.config().batches(), model.config().seed(), new Adam(model.backend(),
                model.config().learningRate(), 0.9, 0.999, 1e-8, model.config().weightDecay(), false));
        this.model = model;
        this.orders = newStream();
        this.second = overlapOrders ? new SecondThread("ncp-orders") : null;
    }

    @Override
    protected double learningRateAt(int iteration) {
        return model.config().learningRateAt(iteration);
    }

    /** The mean NLL over {@code permutations} orders of {@code batch}; their gradients are summed. */
    @Override
    protected double lossAndGradients(TrainingBatch batch, GradientBuffer gradients) {
        return lossAndGradients(batch, orders, gradients);
    }

    /**
     * The mean NLL over {@code permutations} orders of {@code batch} drawn from {@code orders}, their gradients
     * added to {@code gradients} in order (for callers with their own optimizer and streams, such as the
     * command-line tool).
     */
    public double lossAndGradients(TrainingBatch batch, RandomStream orders, GradientBuffer gradients) {
        int perms = model.config().permutations();
        TrainingBatch[] shuffled = new TrainingBatch[perms];
        for (int p = 0; p < perms; p++) {
            shuffled[p] = batch.permuted(orders.permutation(batch.setSize()));
        }
        int mine = second == null ? perms : (perms + 1) / 2;
        Future<List<Pass>> theirs = mine == perms ? null : second.submit(() -> {
            List<Pass> out = new ArrayList<>();
            for (int p = mine; p < perms; p++) {
                try (TensorScope scope = model.backend().openScope()) {
                    out.add(pass(shuffled[p]).keep(scope));
                }
            }
            return out;
        });
        try {
            double total = 0;
            for (int p = 0; p < mine; p++) {
                try (TensorScope scope = model.backend().openScope()) {
                    Pass pass = pass(shuffled[p]);
                    total += pass.loss();
                    gradients.add(pass.gradients());
                    gradients.keep(scope);
                }
            }
            List<Pass> rest = theirs == null ? List.of() : SecondThread.await(theirs);
            theirs = null;
            for (Pass pass : rest) {
                total += pass.loss();
                gradients.add(pass.gradients());
            }
            return total / perms;
        } finally {
            SecondThread.discard(theirs, passes -> passes.forEach(p -> p.gradients().close()));
        }
    }

    /** One order's loss and gradients. */
    private record Pass(double loss, Gradients gradients) {

        /** Moves the gradients out of {@code scope} (the worker's), to the caller who adds them. */
        Pass keep(TensorScope scope) {
            gradients.keep(scope);
            return this;
        }
    }

    private Pass pass(TrainingBatch order) {
        Diff diff = model.diff();
        Var loss = loss(order);
        return new Pass(diff.ops().toDoubles(loss.value())[0], diff.backward(loss));
    }

    /** Mean over the sets of {@code -sum_n log p(c_n | c_<n, x)}, differentiable. */
    public Var loss(TrainingBatch batch) {
        Diff diff = model.diff();
        PointwiseEnergy energy = model.energy();
        Encodings enc = energy.encode(diff.constant(energy.points(batch.points())), null, true);
        return diff.mean(energy.negativeLogLikelihood(energy.teacherForced(enc, batch.labels(), true)));
    }
}
