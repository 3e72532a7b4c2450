package org.gfncp.core.algo.pointwise;

import java.util.Arrays;
import org.gfncp.api.diff.Var;
import org.gfncp.api.nn.SetEncoder;
import org.gfncp.core.nn.Mlp;

/**
 * A {@link SetEncoder} that runs one MLP on every point ({@code [B, N, D] -> [B, N, d]}).
 *
 * @param mlp the per-point network, from {@code inputDimension} to {@code outputDimension} features
 */
public record PointEncoder(Mlp mlp, int inputDimension, int outputDimension) implements SetEncoder {

    public PointEncoder {
        if (mlp == null || inputDimension < 1 || outputDimension < 1) {
            throw new IllegalArgumentException("point encoder needs an MLP and positive widths, got " + mlp + ", "
                    + inputDimension + " -> " + outputDimension);
        }
    }

    @Override
    public Var encode(Var points) {
        int[] s = points.shape();
        if (s.length != 3 || s[2] != inputDimension) {
            throw new IllegalArgumentException("point encoder expects [B, N, " + inputDimension + "], got "
                    + Arrays.toString(s));
        }
        // one rank-2 product per layer instead of a batched one
        Var flat = mlp.diff().reshape(points, s[0] * s[1], inputDimension);
        return mlp.diff().reshape(mlp.forward(flat), s[0], s[1], outputDimension);
    }
}
