package org.gfncp.core.nn;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.random.RandomStream;

/**
 * Induced set attention block: {@code H = MAB0(I, X)} with m learned inducing points, then {@code MAB1(X, H)};
 * O(N m d) instead of O(N^2 d). The key mask applies only to the inner attention, so inducing points see valid
 * points only.
 */
public final class Isab extends AbstractModule {

    private final Parameter inducing;
    private final Mab mab0;
    private final Mab mab1;
    private final int numInducing;
    private final int dim;

    public Isab(Diff diff, int dimIn, int dim, int numInducing, int heads, boolean layerNorm, DType dtype,
                RandomStream random) {
        this(diff, dimIn, dim, numInducing, heads, layerNorm, 0, dtype, random);
    }

    /** With a dropout rate for both inner attention blocks (see {@link Mab}). */
    public Isab(Diff diff, int dimIn, int dim, int numInducing, int heads, boolean layerNorm, double dropout,
                DType dtype, RandomStream random) {
        super(diff);
        this.numInducing = numInducing;
        this.dim = dim;
        this.inducing = register(new Parameter("I",
                Init.xavierUniform(diff.ops(), dtype, random, 1, numInducing, dim)));
        this.mab0 = register("mab0", new Mab(diff, dim, dimIn, dim, heads, layerNorm, dropout, dtype, random));
        this.mab1 = register("mab1", new Mab(diff, dimIn, dim, dim, heads, layerNorm, dropout, dtype, random));
    }

    /** x {@code [B, N, dimIn]}, keyMask {@code [B, N]} (1 = valid) or null; output {@code [B, N, dim]}. */
    public Var forward(Var x, Tensor keyMask) {
        return forward(x, keyMask, null);
    }

    /** As {@link #forward(Var, Tensor)}; {@code random} feeds dropout in training mode (see {@link Mab}). */
    public Var forward(Var x, Tensor keyMask, RandomStream random) {
        Var i = diff.broadcastTo(inducing, x.dim(0), numInducing, dim);
        Var h = mab0.forward(i, x, keyMask, random);
        return mab1.forward(x, h, null, random);
    }
}
