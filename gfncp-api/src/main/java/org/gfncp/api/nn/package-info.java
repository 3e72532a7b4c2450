/**
 * Neural building blocks that clustering models share, in terms of {@link org.gfncp.api.diff.Var}: per-point
 * encoders of sets ({@link org.gfncp.api.nn.SetEncoder}) and energies of candidate cluster assignments
 * ({@link org.gfncp.api.nn.EnergyModel}).
 */
package org.gfncp.api.nn;
