package org.gfncp.core.nn;

import java.util.List;
import org.gfncp.core.diff.Parameter;

/**
 * A differentiable function with named parameters and a training/evaluation mode (which only dropout reads).
 * Modules start in training mode, as in PyTorch. Closing a module releases its parameter values.
 */
public interface Module extends AutoCloseable {

    /** Every parameter under its dotted name relative to this module, in registration order. */
    ParameterSet namedParameters();

    /** The parameters in registration order. */
    default List<Parameter> parameters() {
        return namedParameters().list();
    }

    /** Sets the mode of this module and all its children. */
    void setTraining(boolean training);

    boolean isTraining();

    default void train() {
        setTraining(true);
    }

    default void eval() {
        setTraining(false);
    }

    @Override
    default void close() {
        namedParameters().close();
    }
}
