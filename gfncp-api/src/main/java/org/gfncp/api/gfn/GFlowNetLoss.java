package org.gfncp.api.gfn;

import org.gfncp.api.diff.Var;

/**
 * A GFlowNet training objective evaluated on one minibatch.
 *
 * @param <B> the minibatch type (points, labels and whatever else the objective needs)
 */
public interface GFlowNetLoss<B> {

    /** The scalar loss of {@code batch} (averaged over its sets), differentiable with respect to the model. */
    Var loss(B batch);
}
