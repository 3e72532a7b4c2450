package org.gfncp.experiments.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.gfncp.core.data.ClusterCountRule;

/**
 * What one model is trained on, and how long.
 *
 * @param algorithm {@code gfncp} or {@code ncp}
 * @param iterations total training iterations (also the length of GFNCP's cosine schedule)
 * @param batch sets per iteration
 * @param nMin smallest training set size
 * @param nMax training set sizes are below this (numpy randint)
 * @param alpha CRP concentration
 * @param minClusters rejection bound on K
 * @param maxClusters rejection bound on K ({@link Integer#MAX_VALUE}: none)
 * @param modelSettings extra model settings (network sizes, ...), passed to the model factory
 */
public record TrainingPlan(String algorithm, int iterations, int batch, int nMin, int nMax, double alpha,
        int minClusters, int maxClusters, Map<String, Object> modelSettings) {

    /** The released GFNCP code's iterations (spec 2.5). */
    public static final int GFNCP_ITERATIONS = 20000;
    /** The published NCP code's iterations (spec 1.5). */
    public static final int NCP_ITERATIONS = 3500;

    public TrainingPlan {
        if (algorithm == null || algorithm.isBlank()) {
            throw new IllegalArgumentException("training plan needs an algorithm name");
        }
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        if (iterations < 1 || batch < 1) {
            throw new IllegalArgumentException("need iterations >= 1 and batch >= 1, got " + iterations + " and "
                    + batch);
        }
        if (nMin < 2 || nMax <= nMin) {
            throw new IllegalArgumentException("training set sizes need 2 <= nMin < nMax, got [" + nMin + ", " + nMax
                    + ")");
        }
        if (minClusters > nMin) {
            throw new IllegalArgumentException("cannot draw " + minClusters + " clusters from sets of " + nMin
                    + " points; raise nMin");
        }
        ClusterCountRule.between(minClusters, maxClusters);
        modelSettings = modelSettings == null ? Map.of() : Map.copyOf(modelSettings);
    }

    /**
     * The code's training settings (spec 1.3/1.5 for NCP, 2.5 for GFNCP), with K fixed when {@code fixedK} is given
     * (NCP's smallest N then rises to K so that every draw can reach K).
     *
     * @param iterations null for the code's default
     */
    public static TrainingPlan codeDefaults(String algorithm, Integer iterations, Integer fixedK) {
        String name = algorithm.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "gfncp" -> new TrainingPlan(name, iterations == null ? GFNCP_ITERATIONS : iterations, 32, 50, 100,
                    0.7, fixedK == null ? 2 : fixedK, fixedK == null ? 10 : fixedK, Map.of());
            case "ncp" -> new TrainingPlan(name, iterations == null ? NCP_ITERATIONS : iterations, 64,
                    fixedK == null ? 5 : Math.max(5, fixedK), 100, 0.7, fixedK == null ? 1 : fixedK,
                    fixedK == null ? Integer.MAX_VALUE : fixedK, Map.of());
            default -> throw new IllegalArgumentException("unknown algorithm '" + algorithm
                    + "'; the experiments know gfncp and ncp");
        };
    }

    public ClusterCountRule rule() {
        return ClusterCountRule.between(minClusters, maxClusters);
    }

    public TrainingPlan withIterations(int value) {
        return new TrainingPlan(algorithm, value, batch, nMin, nMax, alpha, minClusters, maxClusters, modelSettings);
    }

    public TrainingPlan withBatch(int value) {
        return new TrainingPlan(algorithm, iterations, value, nMin, nMax, alpha, minClusters, maxClusters,
                modelSettings);
    }

    public TrainingPlan withSetSizes(int min, int max) {
        return new TrainingPlan(algorithm, iterations, batch, min, max, alpha, minClusters, maxClusters,
                modelSettings);
    }

    public TrainingPlan withModelSettings(Map<String, Object> settings) {
        Map<String, Object> merged = new LinkedHashMap<>(modelSettings);
        merged.putAll(settings);
        return new TrainingPlan(algorithm, iterations, batch, nMin, nMax, alpha, minClusters, maxClusters, merged);
    }

    /** {@code K=6}, {@code 2<=K<=10} or {@code K>=1}: the cluster rule in words. */
    public String clusterRule() {
        if (minClusters == maxClusters) {
            return "K=" + minClusters;
        }
        return maxClusters == Integer.MAX_VALUE ? "K>=" + minClusters : minClusters + "<=K<=" + maxClusters;
    }

    /** One line for table headers. */
    public String describe() {
        return algorithm + ": " + iterations + " iterations, " + describeData();
    }

    /** The data and model settings without the run length, e.g. for timing; model settings in key order. */
    public String describeData() {
        return String.format(Locale.ROOT, "batch %d, N in [%d, %d), CRP alpha %s, %s%s", batch, nMin, nMax, alpha,
                clusterRule(), modelSettings.isEmpty() ? "" : ", model " + new TreeMap<>(modelSettings));
    }
}
