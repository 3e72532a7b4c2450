package org.gfncp.core.optim;

import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.Gradients;

/** Updates parameters from gradients. */
public interface Optimizer extends AutoCloseable {

    /**
     * One update of every parameter that has a gradient. New values and optimizer state join the scope that is
     * innermost at the call, so call this outside the training step's scope, or use
     * {@link #step(Gradients, TensorScope)} from inside it.
     */
    void step(Gradients gradients);

    /**
     * One update from inside {@code stepScope} (which must be the innermost open scope): new values and state are
     * moved out of it, into its enclosing scope or, when there is none, to the optimizer and the parameters.
     */
    void step(Gradients gradients, TensorScope stepScope);

    double learningRate();

    void setLearningRate(double learningRate);

    /** Number of steps taken. */
    long steps();

    /** Releases the optimizer state. */
    @Override
    void close();
}
