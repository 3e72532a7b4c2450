/**
 * The point-wise sequential clustering machinery shared by GFNCP and NCP (spec sections 1.2, 2.2, 2.7).
 *
 * <p>{@link org.gfncp.core.algo.pointwise.PointwiseEnergy} holds the four networks (encoders h and u, cluster
 * network g, energy network E). Training evaluates every step of every set at once: within-cluster prefix sums,
 * one g call and one E call over all (step, candidate) pairs, then masked log-sum-exps. Because the first layer
 * of g and the first layer of E are linear, the sums of the 2K+1 aggregation are carried in the hidden width and
 * g's last layer is folded into E's first one, which halves the arithmetic without changing the function.
 * Decoding ({@link org.gfncp.core.algo.pointwise.Decoding}) keeps running cluster sums, so a step costs O(K)
 * network rows per set.
 */
package org.gfncp.core.algo.pointwise;
