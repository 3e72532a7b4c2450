/**
 * Optimizers, learning-rate schedules and gradient clipping, written with forward kernels on whole parameter
 * tensors (no per-element host work). Parameters are never modified in place: each step computes new values,
 * moves them out of the step scope and releases the old ones, so the live tensor count stays flat.
 */
package org.gfncp.core.optim;
