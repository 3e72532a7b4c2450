package org.gfncp.core.nn;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.random.RandomStream;

/**
 * The NCP/GFNCP MNIST encoder: {@code [BN,1,28,28]} → Conv(1→10,k5) → MaxPool2 → ReLU → Conv(10→20,k5) →
 * Dropout2d(0.5) → MaxPool2 → ReLU → flatten 320 → Linear(320→256) ReLU → Dropout(0.5) → Linear(256→out).
 * Dropout is active only in training mode and draws from the stream passed to {@link #forward}.
 */
public final class MnistConvEncoder extends AbstractModule {

    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Linear fc1;
    private final Linear fc2;

    public MnistConvEncoder(Diff diff, int out, DType dtype, RandomStream random) {
        super(diff);
        this.conv1 = register("conv1", new Conv2d(diff, 1, 10, 5, 1, 0, true, dtype, random));
        this.conv2 = register("conv2", new Conv2d(diff, 10, 20, 5, 1, 0, true, dtype, random));
        this.fc1 = register("fc1", new Linear(diff, 320, 256, true, dtype, random));
        this.fc2 = register("fc2", new Linear(diff, 256, out, true, dtype, random));
    }

    /** x {@code [BN, 1, 28, 28]} to {@code [BN, out]}; {@code dropout} may be null in evaluation mode. */
    public Var forward(Var x, RandomStream dropout) {
        boolean training = isTraining();
        if (training && dropout == null) {
            throw new IllegalArgumentException("training mode needs a RandomStream for dropout");
        }
        Var h = diff.relu(diff.maxPool2d(conv1.forward(x), 2));
        h = diff.dropout2d(conv2.forward(h), 0.5, dropout, training);
        h = diff.relu(diff.maxPool2d(h, 2));
        h = diff.reshape(h, x.dim(0), 320);
        h = diff.dropout(diff.relu(fc1.forward(h)), 0.5, dropout, training);
        return fc2.forward(h);
    }
}
