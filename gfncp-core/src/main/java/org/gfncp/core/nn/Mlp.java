package org.gfncp.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.random.RandomStream;

/**
 * A stack of {@link Linear} layers with an activation between them (none after the last), laid out like PyTorch's
 * {@code nn.Sequential(Linear, act, Linear, act, ..., Linear)}: linear layer i is named {@code (2i)} and a PReLU
 * slope after it {@code (2i+1).weight}.
 */
public final class Mlp extends AbstractModule {

    private final List<Linear> layers = new ArrayList<>();
    private final List<Parameter> slopes = new ArrayList<>();
    private final Activation activation;

    /** FLOAT32 with biases everywhere; {@code sizes} are the widths, input first. */
    public Mlp(Diff diff, Activation activation, RandomStream random, int... sizes) {
        this(diff, sizes, activation, true, DType.FLOAT32, random);
    }

    public Mlp(Diff diff, int[] sizes, Activation activation, boolean lastBias, DType dtype, RandomStream random) {
        super(diff);
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least input and output sizes, got " + Arrays.toString(sizes));
        }
        this.activation = activation;
        int n = sizes.length - 1;
        for (int i = 0; i < n; i++) {
            boolean last = i == n - 1;
            layers.add(register(String.valueOf(2 * i),
                    new Linear(diff, sizes[i], sizes[i + 1], !last || lastBias, dtype, random)));
            if (!last && activation == Activation.PRELU) {
                Parameter slope = new Parameter("weight", diff.ops().full(dtype, 0.25, 1));
                slopes.add(register((2 * i + 1) + ".weight", slope));
            }
        }
    }

    /** x {@code [..., sizes[0]]} to {@code [..., sizes[last]]}. */
    public Var forward(Var x) {
        Var h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h);
            if (i < layers.size() - 1) {
                h = switch (activation) {
                    case RELU -> diff.relu(h);
                    case PRELU -> diff.prelu(h, slopes.get(i));
                    case ELU -> diff.elu(h);
                    case TANH -> diff.tanh(h);
                };
            }
        }
        return h;
    }

    public List<Linear> layers() {
        return List.copyOf(layers);
    }
}
