/**
 * Amortized clustering algorithms. {@code pointwise} holds what the point-wise sequential models share (the
 * h, u, g, E energy architecture with its batched teacher-forced pass, incremental decoding, decoders, consistency
 * metrics and the training loop); {@code gfncp} and {@code ncp} are the two models built on it.
 */
package org.gfncp.core.algo;
