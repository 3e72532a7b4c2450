package org.gfncp.core.algo.pointwise;

import org.gfncp.api.tensor.Tensor;

/**
 * What every state of one decoding run shares, owned by the scope that started it.
 *
 * @param table per point of every set ({@code [sets * N, 2H]}): its projected encoding and the change of E's
 *     first-layer input from U and E's first bias since the previous point (for point 0 that input itself)
 * @param emptySlot a cluster slot without points, {@code [1, 2H]}: g's first bias and a zero code
 * @param folded the composed weights
 */
record DecodeContext(Tensor table, Tensor emptySlot, PointwiseEnergy.Folded folded, int points, int[] setSizes) {
}
