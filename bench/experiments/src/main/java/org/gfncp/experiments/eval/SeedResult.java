package org.gfncp.experiments.eval;

/**
 * One trained seed's scores on one benchmark.
 *
 * @param iterations training iterations of the evaluated model
 * @param trainedOn backend(s) that trained it
 * @param checkpoint the checkpoint file evaluated
 */
public record SeedResult(long seed, int iterations, String trainedOn, String checkpoint, SetScores scores) {
}
