package org.gfncp.api.diff;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;

/**
 * A value in a differentiable computation: a tensor plus, when gradients are wanted, the record of how it was
 * computed. Core's autodiff creates these; a {@code Var} whose inputs need no gradient records nothing, so
 * inference pays no tape cost.
 */
public interface Var {

    /** The forward value. */
    Tensor value();

    /** Whether a gradient flows back through this value. */
    boolean requiresGrad();

    default int[] shape() {
        return value().shape();
    }

    default DType dtype() {
        return value().dtype();
    }

    default int dim(int axis) {
        return value().dim(axis);
    }
}
