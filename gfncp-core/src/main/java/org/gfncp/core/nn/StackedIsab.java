package org.gfncp.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.random.RandomStream;

/**
 * DAC's StackedISAB: ISAB(dimIn→dim) followed by (blocks−1) × ISAB(dim→dim), every block with its own weights
 * (the original code repeats one object, so its blocks 2..L share weights; later forks fixed that). Blocks are
 * named {@code blocks.0}, {@code blocks.1}, ...; the key mask applies inside every block.
 */
public final class StackedIsab extends AbstractModule {

    private final List<Isab> blocks = new ArrayList<>();

    public StackedIsab(Diff diff, int dimIn, int dim, int numInducing, int blocks, int heads, boolean layerNorm,
                       double dropout, DType dtype, RandomStream random) {
        super(diff);
        if (blocks < 1) {
            throw new IllegalArgumentException("StackedISAB needs at least one block, got " + blocks);
        }
        for (int i = 0; i < blocks; i++) {
            this.blocks.add(register("blocks." + i, new Isab(diff, i == 0 ? dimIn : dim, dim, numInducing, heads,
                    layerNorm, dropout, dtype, random)));
        }
    }

    /** x {@code [B, N, dimIn]}, keyMask {@code [B, N]} (1 = valid) or null; output {@code [B, N, dim]}. */
    public Var forward(Var x, Tensor keyMask) {
        return forward(x, keyMask, null);
    }

    /** As {@link #forward(Var, Tensor)}; {@code random} feeds dropout in training mode. */
    public Var forward(Var x, Tensor keyMask, RandomStream random) {
        Var h = x;
        for (Isab block : blocks) {
            h = block.forward(h, keyMask, random);
        }
        return h;
    }
}
