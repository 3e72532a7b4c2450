/**
 * The small model contract the experiments need (train a step, decode greedily, score labelings, checkpoint), so
 * that the runner's plumbing is tested with fakes; {@link org.gfncp.experiments.model.BuiltInModels} adapts the real
 * GFNCP and NCP models.
 */
package org.gfncp.experiments.model;
