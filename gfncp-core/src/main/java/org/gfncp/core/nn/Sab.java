package org.gfncp.core.nn;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.random.RandomStream;

/** Set attention block: {@code SAB(X) = MAB(X, X)}. */
public final class Sab extends AbstractModule {

    private final Mab mab;

    public Sab(Diff diff, int dimIn, int dim, int heads, boolean layerNorm, DType dtype, RandomStream random) {
        this(diff, dimIn, dim, heads, layerNorm, 0, dtype, random);
    }

    /** With a dropout rate for the attention block (see {@link Mab}). */
    public Sab(Diff diff, int dimIn, int dim, int heads, boolean layerNorm, double dropout, DType dtype,
               RandomStream random) {
        super(diff);
        this.mab = register("mab", new Mab(diff, dimIn, dimIn, dim, heads, layerNorm, dropout, dtype, random));
    }

    /** x {@code [B, N, dimIn]}, keyMask {@code [B, N]} (1 = valid) or null; output {@code [B, N, dim]}. */
    public Var forward(Var x, Tensor keyMask) {
        return forward(x, keyMask, null);
    }

    /** As {@link #forward(Var, Tensor)}; {@code random} feeds dropout in training mode. */
    public Var forward(Var x, Tensor keyMask, RandomStream random) {
        return mab.forward(x, x, keyMask, random);
    }
}
