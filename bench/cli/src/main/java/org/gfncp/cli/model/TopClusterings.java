package org.gfncp.cli.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.error.UserException;
import org.gfncp.core.algo.pointwise.PointwiseClusterer;

/**
 * The most probable distinct clusterings of one set that a model can find by greedy decoding, sampling and, for
 * models that decode point by point, beam search.
 */
public final class TopClusterings {

    private TopClusterings() {
    }

    /**
     * Beams searched for point-wise models: the final beams are the near-mode clusterings that independent samples
     * miss where the model's mass is spread (on the demo's first set the code-trained model gave its greedy
     * clustering 1.9e-6 and its best two of 100 samples 7e-23 and 5e-23).
     */
    static final int BEAMS = 10;

    /**
     * Draws {@code draws} samples, adds the greedy clustering (sampling alone often misses it on larger sets) and,
     * for a point-wise model, every final beam of a beam search with {@code max(k, BEAMS)} beams, and returns the
     * {@code k} most probable distinct clusterings, most probable first.
     */
    public static List<Clustering> of(Clusterer clusterer, double[][] points, int draws, long seed, int k) {
        return of(clusterer, points, draws, seed, k, 1.0);
    }

    /** {@link #of(Clusterer, double[][], int, long, int)} with the samples drawn at {@code temperature}. */
    public static List<Clustering> of(Clusterer clusterer, double[][] points, int draws, long seed, int k,
            double temperature) {
        Map<String, Clustering> distinct = new LinkedHashMap<>();
        Clustering greedy = clusterer.cluster(points);
        distinct.put(Arrays.toString(greedy.labels()), greedy);
        for (Clustering c : draw(clusterer, points, draws, seed, temperature)) {
            distinct.putIfAbsent(Arrays.toString(c.labels()), c);
        }
        if (clusterer instanceof PointwiseClusterer pointwise) {
            for (Clustering c : pointwise.beamSearchAll(points, Math.max(k, BEAMS))) {
                distinct.putIfAbsent(Arrays.toString(c.labels()), c);
            }
        }
        List<Clustering> sorted = new ArrayList<>(distinct.values());
        sorted.sort(Comparator.comparingDouble(Clustering::logProb).reversed());
        return List.copyOf(sorted.subList(0, Math.min(k, sorted.size())));
    }

    /**
     * The distinct clusterings among {@code draws} samples, most probable first; a temperature other than 1 needs a
     * model that decodes point by point (a usage error otherwise).
     */
    public static List<Clustering> draw(Clusterer clusterer, double[][] points, int draws, long seed,
            double temperature) {
        if (temperature == 1) {
            return clusterer.sample(points, draws, seed);
        }
        if (!(clusterer instanceof PointwiseClusterer pointwise)) {
            throw UserException.usage("--temperature needs a model that decodes point by point (gfncp, ncp), not "
                    + clusterer.name());
        }
        return pointwise.sample(points, draws, seed, temperature);
    }
}
