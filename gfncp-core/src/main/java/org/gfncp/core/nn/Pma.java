package org.gfncp.core.nn;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.random.RandomStream;

/** Pooling by multihead attention: {@code PMA_m(X) = MAB(S, X)} with m learned seeds S (Xavier-uniform). */
public final class Pma extends AbstractModule {

    private final Parameter seeds;
    private final Mab mab;
    private final int numSeeds;
    private final int dim;

    public Pma(Diff diff, int dim, int numSeeds, int heads, boolean layerNorm, DType dtype, RandomStream random) {
        this(diff, dim, numSeeds, heads, layerNorm, 0, dtype, random);
    }

    /** With a dropout rate for the attention block (see {@link Mab}). */
    public Pma(Diff diff, int dim, int numSeeds, int heads, boolean layerNorm, double dropout, DType dtype,
               RandomStream random) {
        super(diff);
        this.numSeeds = numSeeds;
        this.dim = dim;
        this.seeds = register(new Parameter("S", Init.xavierUniform(diff.ops(), dtype, random, 1, numSeeds, dim)));
        this.mab = register("mab", new Mab(diff, dim, dim, dim, heads, layerNorm, dropout, dtype, random));
    }

    /** x {@code [B, N, dim]}, keyMask {@code [B, N]} (1 = valid) or null; output {@code [B, m, dim]}. */
    public Var forward(Var x, Tensor keyMask) {
        return forward(x, keyMask, null);
    }

    /** As {@link #forward(Var, Tensor)}; {@code random} feeds dropout in training mode. */
    public Var forward(Var x, Tensor keyMask, RandomStream random) {
        Var s = diff.broadcastTo(seeds, x.dim(0), numSeeds, dim);
        return mab.forward(s, x, keyMask, random);
    }
}
