package org.gfncp.core.algo.pointwise;

import org.gfncp.api.diff.Var;

/**
 * What the energy networks need from a batch of sets, computed once per batch.
 *
 * @param projected {@code h(x_i)} already multiplied by g's first weight matrix, {@code [B, N, H]}; cluster sums
 *     are taken in this projected space because that layer is linear
 * @param unassigned E's first-layer contribution of {@code U = sum_{i > n} u(x_i)} for every step n,
 *     {@code [B, N, H]}, or null without U
 * @param folded the composed weights shared by every evaluation of this batch
 * @param sizes number of real points of each set (the rest is padding)
 */
public record Encodings(Var projected, Var unassigned, PointwiseEnergy.Folded folded, int[] sizes) {

    int batch() {
        return projected.dim(0);
    }

    int points() {
        return projected.dim(1);
    }
}
