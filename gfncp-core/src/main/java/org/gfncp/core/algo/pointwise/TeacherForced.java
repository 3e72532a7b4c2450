package org.gfncp.core.algo.pointwise;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.Tensor;

/**
 * Energies of every step of a batch of labeled sets, from one teacher-forced pass (spec 2.7). Step 0 (the first
 * point, which always opens cluster 0) appears in the tables for alignment but is not a decision.
 *
 * @param batch number of sets B
 * @param points number of points N of every set
 * @param chosen {@code E_n(c_n)}, the energy of the label each point actually received, {@code [B, N]}
 * @param energies every candidate's energy, {@code [B, N, K + 1]} (0 at invalid slots)
 * @param valid 1 at the candidate slots of each row and step, {@code [B, N, K + 1]}
 * @param logNormalizer {@code LSE_k(-E_n(k))} over the valid slots, {@code [B, N]}
 * @param maxLogit {@code -min_k E_n(k)} over the valid slots, {@code [B, N]}
 */
public record TeacherForced(int batch, int points, Var chosen, Var energies, Tensor valid, Var logNormalizer,
        Var maxLogit) {
}
