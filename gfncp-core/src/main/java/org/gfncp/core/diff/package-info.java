/**
 * Reverse-mode automatic differentiation owned by core: {@link org.gfncp.core.diff.Diff} runs each op as one or a
 * few forward {@link org.gfncp.spi.backend.TensorOps} kernels and records a vector-Jacobian product that is itself
 * composed of forward kernels, so one set of rules serves every engine. A value whose inputs need no gradient
 * records nothing, so inference pays no tape cost and there is no global gradient mode.
 */
package org.gfncp.core.diff;
