/**
 * NCP, the neural clustering process (spec section 1): the point-wise energy with PReLU networks and
 * {@code d_h = 256}, trained by maximum likelihood with teacher forcing and permutation augmentation.
 */
package org.gfncp.core.algo.ncp;
