package org.gfncp.core.nn;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Parameter;

/** Layer normalization over the last axis with a learned scale (ones) and shift (zeros), eps 1e-5. */
public final class LayerNorm extends AbstractModule {

    private final Parameter weight;
    private final Parameter bias;
    private final double eps;

    public LayerNorm(Diff diff, int dim, DType dtype) {
        this(diff, dim, 1e-5, dtype);
    }

    public LayerNorm(Diff diff, int dim, double eps, DType dtype) {
        super(diff);
        if (dim < 1) {
            throw new IllegalArgumentException("LayerNorm width must be positive, got " + dim);
        }
        this.weight = register(new Parameter("weight", diff.ops().full(dtype, 1.0, dim)));
        this.bias = register(new Parameter("bias", diff.ops().full(dtype, 0.0, dim)));
        this.eps = eps;
    }

    public Var forward(Var x) {
        return diff.layerNorm(x, weight, bias, eps);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }
}
