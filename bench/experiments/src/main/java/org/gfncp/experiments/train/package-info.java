/**
 * Training with atomic checkpoints and exact resumption: every iteration draws its data and step randomness from
 * streams seeded by (seed, iteration) alone, so an interrupted run continued from its last checkpoint makes the same
 * iterations an uninterrupted one would.
 */
package org.gfncp.experiments.train;
