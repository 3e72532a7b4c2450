package org.gfncp.experiments.timing;

import java.util.List;

/**
 * One backend's timing, as stored in {@code timing.json}.
 *
 * @param backend backend name
 * @param engine engine and version in words
 * @param device the device in words
 * @param threads intra-op threads
 * @param training training speed per algorithm
 * @param clustering greedy clustering time per algorithm
 */
public record TimingResult(String backend, String engine, String device, int threads, List<Training> training,
        List<Clustering> clustering) {

    /**
     * @param weights the weights training started from: {@link #FRESH}, or {@code "trained: <checkpoint>"} (an
     *     iteration's cost depends on them through the contrastive term's policy samples)
     * @param plan the training settings in words
     * @param jvmWarmup iterations of a throwaway model run before the first timed weights (0 in timing.json written
     *     before session 14: the first weights timed, the fresh ones, then paid the JVM's warm-up)
     * @param warmup iterations run first and not measured
     * @param seconds wall time of each measured iteration
     * @param medianSeconds their median
     */
    public record Training(String algorithm, String weights, String plan, int jvmWarmup, int warmup, double[] seconds,
            double medianSeconds) {

        /** The weights of a model that has not been trained. */
        public static final String FRESH = "fresh weights (untrained)";

        private static final String TRAINED = "trained: ";

        /** The {@code weights} of a model loaded from {@code checkpoint} (a path in words). */
        public static String trainedOn(String checkpoint) {
            return TRAINED + checkpoint;
        }

        public Training {
            // timing.json written before trained weights were timed holds fresh ones only
            weights = weights == null ? FRESH : weights;
        }

        public double iterationsPerSecond() {
            return 1 / medianSeconds;
        }

        public boolean trained() {
            return !FRESH.equals(weights);
        }

        /** The checkpoint training continued from, or null from fresh weights. */
        public String checkpoint() {
            return trained() && weights.startsWith(TRAINED) ? weights.substring(TRAINED.length()) : null;
        }
    }

    /**
     * @param model which weights were timed (a checkpoint or freshly initialized)
     * @param clusters K of the generated sets
     * @param sizes per N, in increasing N
     * @param slope exponent of time ~ N^slope over the measured sizes (NaN with fewer than two)
     * @param skipped sizes not measured because a smaller one exceeded the time budget
     */
    public record Clustering(String algorithm, String model, int clusters, List<Size> sizes, double slope,
            List<Integer> skipped) {

        public boolean linear() {
            return Math.abs(slope - 1) <= LogLogFit.LINEAR_TOLERANCE;
        }
    }

    /**
     * @param seconds wall time of greedy decoding of each repeat (one set per call)
     * @param medianSeconds their median
     * @param meanClustersFound mean number of clusters the model found
     */
    public record Size(int n, double[] seconds, double medianSeconds, double meanClustersFound) {
    }
}
