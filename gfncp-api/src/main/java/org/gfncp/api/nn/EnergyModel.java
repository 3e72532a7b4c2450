package org.gfncp.api.nn;

import org.gfncp.api.gfn.PartitionState;
import org.gfncp.api.tensor.Tensor;

/**
 * The energy of every state reachable in one step from a partial clustering: for each row of a batch of states,
 * the energy of putting the next point into each existing cluster {@code 0..K_r-1} or into a new one (slot
 * {@code K_r}). Low energy means likely; a policy is {@code softmax(-E)} over the valid slots.
 *
 * @param <S> the state representation the model keeps between steps (for example running cluster sums)
 */
public interface EnergyModel<S extends PartitionState> {

    /**
     * Candidate energies of every row.
     *
     * @return {@code [R, K + 1]} with {@code K = max_r K_r}; slots {@code k > K_r} of row r hold {@code +inf}, and a
     *     row that has no next point holds {@code +inf} except slot 0, which is 0
     */
    Tensor candidateEnergies(S state);
}
