package org.gfncp.core.nn;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.random.RandomStream;

/** Square-kernel 2-D convolution over {@code [N, C, H, W]} (PyTorch layout and default init). */
public final class Conv2d extends AbstractModule {

    private final Parameter weight;
    private final Parameter bias;
    private final int stride;
    private final int padding;

    public Conv2d(Diff diff, int in, int out, int kernel, RandomStream random) {
        this(diff, in, out, kernel, 1, 0, true, DType.FLOAT32, random);
    }

    public Conv2d(Diff diff, int in, int out, int kernel, int stride, int padding, boolean withBias, DType dtype,
                  RandomStream random) {
        super(diff);
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: in " + in + ", out " + out + ", kernel " + kernel
                    + ", stride " + stride + " must be positive and padding " + padding + " non-negative");
        }
        int fanIn = in * kernel * kernel;
        this.weight = register(new Parameter("weight",
                Init.fanInUniform(diff.ops(), dtype, fanIn, random, out, in, kernel, kernel)));
        this.bias = withBias
                ? register(new Parameter("bias", Init.fanInUniform(diff.ops(), dtype, fanIn, random, out)))
                : null;
        this.stride = stride;
        this.padding = padding;
    }

    public Var forward(Var x) {
        return diff.conv2d(x, weight, bias, stride, padding);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }
}
