package org.gfncp.core.diff;

import java.util.Arrays;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.Tensor;

/**
 * The result of a differentiable op: its value, and, when some input needs a gradient, the inputs and the
 * vector-Jacobian product that maps the gradient of this value to gradients of the inputs. A node without a
 * {@link Backprop} is a constant for the tape.
 */
public final class Node implements Var {

    /**
     * Maps the gradient of a node's value to the gradients of its parents, built only from forward kernels.
     * Entry {@code i} of the result is the gradient for parent {@code i} with exactly that parent's shape, or
     * {@code null} when {@code needs[i]} is false. The incoming gradient itself may be returned as an entry (a
     * pass-through); it must never be closed by the rule, and no forward value may be returned.
     */
    @FunctionalInterface
    public interface Backprop {
        Tensor[] apply(Tensor grad, boolean[] needs);
    }

    private static final Var[] NO_PARENTS = new Var[0];

    private final Tensor value;
    private final Var[] parents;
    private final Backprop backprop;

    private Node(Tensor value, Var[] parents, Backprop backprop) {
        this.value = value;
        this.parents = parents;
        this.backprop = backprop;
    }

    /** A value the tape treats as constant. */
    public static Node constant(Tensor value) {
        return new Node(value, NO_PARENTS, null);
    }

    /**
     * A value computed from {@code parents}; records {@code backprop} only when at least one parent requires a
     * gradient, so inference builds no graph.
     */
    public static Node of(Tensor value, Backprop backprop, Var... parents) {
        for (Var p : parents) {
            if (p.requiresGrad()) {
                return new Node(value, parents.clone(), backprop);
            }
        }
        return constant(value);
    }

    @Override
    public Tensor value() {
        return value;
    }

    @Override
    public boolean requiresGrad() {
        return backprop != null;
    }

    /** The inputs this value was computed from (empty for a constant). */
    public Var[] parents() {
        return parents.clone();
    }

    Var[] parentsRef() {
        return parents;
    }

    Backprop backprop() {
        return backprop;
    }

    @Override
    public String toString() {
        return "Node" + Arrays.toString(value.shape()) + (requiresGrad() ? "(grad)" : "");
    }
}
