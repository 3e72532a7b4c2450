package org.gfncp.core.nn;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.random.RandomStream;

/**
 * DAC's residual unit for images: {@code out = conv2(relu(conv1(relu(x) + b1a) + b1b) + b2a) * scale + b2b},
 * returning {@code shortcut(x) + out}. Both convolutions are 3x3 with padding 1 and no bias, conv1 carries the
 * stride; the shortcut is a 1x1 convolution without bias when channels or stride change, else the identity. The
 * scalars b1a, b1b, b2a, b2b start at 0 and scale at 1; the convolutions use PyTorch's default init.
 */
public final class FixupResUnit extends AbstractModule {

    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Conv2d shortcut;
    private final Parameter bias1a;
    private final Parameter bias1b;
    private final Parameter bias2a;
    private final Parameter bias2b;
    private final Parameter scale;

    public FixupResUnit(Diff diff, int in, int out, int stride, DType dtype, RandomStream random) {
        super(diff);
        this.bias1a = register(new Parameter("bias1a", diff.ops().full(dtype, 0.0, 1)));
        this.conv1 = register("conv1", new Conv2d(diff, in, out, 3, stride, 1, false, dtype, random));
        this.bias1b = register(new Parameter("bias1b", diff.ops().full(dtype, 0.0, 1)));
        this.bias2a = register(new Parameter("bias2a", diff.ops().full(dtype, 0.0, 1)));
        this.conv2 = register("conv2", new Conv2d(diff, out, out, 3, 1, 1, false, dtype, random));
        this.scale = register(new Parameter("scale", diff.ops().full(dtype, 1.0, 1)));
        this.bias2b = register(new Parameter("bias2b", diff.ops().full(dtype, 0.0, 1)));
        this.shortcut = in != out || stride != 1
                ? register("shortcut", new Conv2d(diff, in, out, 1, stride, 0, false, dtype, random))
                : null;
    }

    /** x {@code [N, in, H, W]} to {@code [N, out, H', W']} with {@code H' = (H - 1) / stride + 1}. */
    public Var forward(Var x) {
        Var h = conv1.forward(diff.add(diff.relu(x), bias1a));
        h = conv2.forward(diff.add(diff.relu(diff.add(h, bias1b)), bias2a));
        h = diff.add(diff.mul(h, scale), bias2b);
        return diff.add(shortcut == null ? x : shortcut.forward(x), h);
    }
}
