package org.gfncp.core.nn;

/** Hidden-layer nonlinearities of {@link Mlp}. PRELU has one learned slope per layer, initialized to 0.25. */
public enum Activation {
    RELU,
    PRELU,
    ELU,
    TANH
}
