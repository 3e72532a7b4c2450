package org.gfncp.core.algo.pointwise;

import org.gfncp.api.tensor.Tensor;

/**
 * What every state of one decoding run shares: the encodings of the sets (flattened to {@code [sets * N, H]})
 * and the composed weights. Owned by the scope that computed the encodings.
 */
record DecodeContext(Tensor projected, Tensor unassigned, PointwiseEnergy.Folded folded, int points,
        int[] setSizes) {
}
