package org.gfncp.core.algo.pointwise;

import org.gfncp.api.diff.Var;
import org.gfncp.api.nn.SetEncoder;
import org.gfncp.core.nn.Mlp;

/** A {@link SetEncoder} that runs one MLP on every point ({@code [B, N, D] -> [B, N, d]}). */
public final class PointEncoder implements SetEncoder {

    private final Mlp mlp;
    private final int in;
    private final int out;

    PointEncoder(Mlp mlp, int in, int out) {
        this.mlp = mlp;
        this.in = in;
        this.out = out;
    }

    @Override
    public int inputDimension() {
        return in;
    }

    @Override
    public int outputDimension() {
        return out;
    }

    @Override
    public Var encode(Var points) {
        int[] s = points.shape();
        if (s.length != 3 || s[2] != in) {
            throw new IllegalArgumentException("point encoder expects [B, N, " + in + "], got "
                    + java.util.Arrays.toString(s));
        }
        // one rank-2 product per layer instead of a batched one
        Var flat = mlp.diff().reshape(points, s[0] * s[1], in);
        return mlp.diff().reshape(mlp.forward(flat), s[0], s[1], out);
    }
}
