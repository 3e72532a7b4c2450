package org.gfncp.cli.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.api.cluster.Clustering;

/** The most probable distinct clusterings of one set that a model can find by sampling plus greedy decoding. */
public final class TopClusterings {

    private TopClusterings() {
    }

    /**
     * Draws {@code draws} samples, adds the greedy clustering (sampling alone often misses it on larger sets), and
     * returns the {@code k} most probable distinct clusterings, most probable first.
     */
    public static List<Clustering> of(Clusterer clusterer, double[][] points, int draws, long seed, int k) {
        Map<String, Clustering> distinct = new LinkedHashMap<>();
        Clustering greedy = clusterer.cluster(points);
        distinct.put(Arrays.toString(greedy.labels()), greedy);
        for (Clustering c : clusterer.sample(points, draws, seed)) {
            distinct.putIfAbsent(Arrays.toString(c.labels()), c);
        }
        List<Clustering> sorted = new ArrayList<>(distinct.values());
        sorted.sort(Comparator.comparingDouble(Clustering::logProb).reversed());
        return List.copyOf(sorted.subList(0, Math.min(k, sorted.size())));
    }
}
