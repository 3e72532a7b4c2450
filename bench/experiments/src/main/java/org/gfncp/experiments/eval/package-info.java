/**
 * Per-set scores of a trained model on a test benchmark (NMI, ARI, MC on predicted and on true labels, K) and their
 * aggregation: mean and std across seeds of the per-seed means, and the spread across sets (spec 6).
 */
package org.gfncp.experiments.eval;
