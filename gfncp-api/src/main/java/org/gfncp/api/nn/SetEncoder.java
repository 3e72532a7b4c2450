package org.gfncp.api.nn;

import org.gfncp.api.diff.Var;

/**
 * Encodes every point of a batch of sets independently: {@code [B, N, D] -> [B, N, d]}. Because each point is
 * encoded alone, the encodings are equivariant to the order of the points, which is what sequential clustering
 * models sum over.
 */
public interface SetEncoder {

    /** D, the width of one input point. */
    int inputDimension();

    /** d, the width of one encoding. */
    int outputDimension();

    /**
     * Per-point encodings.
     *
     * @param points {@code [B, N, D]}
     * @return {@code [B, N, d]}; differentiable with respect to the encoder's parameters and to {@code points}
     */
    Var encode(Var points);
}
