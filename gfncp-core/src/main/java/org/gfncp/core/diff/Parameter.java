package org.gfncp.core.diff;

import java.util.Arrays;
import java.util.Objects;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.Tensor;

/**
 * A trainable leaf: a name and a replaceable value. Optimizers never modify a tensor in place; they
 * {@link #set(Tensor) set} a new one, and the old one is released.
 *
 * <p>Ownership: the value belongs to the scope that was innermost when it was created (usually none: create
 * modules outside training-step scopes), so it outlives step scopes. {@link #close()} releases it.
 */
public final class Parameter implements Var, AutoCloseable {

    private final String name;
    private Tensor value;

    public Parameter(String name, Tensor value) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        if (!value.dtype().isFloating()) {
            throw new IllegalArgumentException("parameter " + name + " must be floating, got " + value.dtype());
        }
    }

    public String name() {
        return name;
    }

    @Override
    public Tensor value() {
        return value;
    }

    @Override
    public boolean requiresGrad() {
        return true;
    }

    /**
     * Replaces the value, releasing the previous one. The new tensor must have the same shape and dtype, and the
     * caller must make sure it outlives the current step scope (see {@code org.gfncp.core.optim.Adam}).
     */
    public void set(Tensor next) {
        Objects.requireNonNull(next, "next");
        if (!Arrays.equals(next.shape(), value.shape()) || next.dtype() != value.dtype()) {
            throw new IllegalArgumentException("parameter " + name + ": new value " + next.dtype()
                    + Arrays.toString(next.shape()) + " does not match " + value.dtype() + Arrays.toString(value.shape()));
        }
        if (next != value) {
            Tensor old = value;
            value = next;
            old.close();
        }
    }

    /** Replaces the value without releasing the previous one, which is returned (for gradient checks). */
    Tensor swap(Tensor next) {
        Tensor old = value;
        value = next;
        return old;
    }

    /** Releases the value. */
    @Override
    public void close() {
        value.close();
    }

    @Override
    public String toString() {
        return "Parameter(" + name + ", " + value.dtype() + Arrays.toString(value.shape()) + ")";
    }
}
