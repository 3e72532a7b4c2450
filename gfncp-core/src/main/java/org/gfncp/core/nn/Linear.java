package org.gfncp.core.nn;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.random.RandomStream;

/** {@code y = x W^T + b} over the last axis, with W {@code [out, in]} (PyTorch layout and default init). */
public final class Linear extends AbstractModule {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(Diff diff, int in, int out, RandomStream random) {
        this(diff, in, out, true, DType.FLOAT32, random);
    }

    public Linear(Diff diff, int in, int out, boolean withBias, DType dtype, RandomStream random) {
        super(diff);
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear sizes must be positive, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        this.weight = register(new Parameter("weight", Init.fanInUniform(diff.ops(), dtype, in, random, out, in)));
        this.bias = withBias
                ? register(new Parameter("bias", Init.fanInUniform(diff.ops(), dtype, in, random, out)))
                : null;
    }

    /** x {@code [..., in]} to {@code [..., out]}. */
    public Var forward(Var x) {
        return diff.linear(x, weight, bias);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }
}
