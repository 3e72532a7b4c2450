package org.gfncp.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.model.ModelFactory;
import org.gfncp.cli.model.TrainableModel;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.data.PointSets;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;

/**
 * A small sequential clustering model for CLI tests: point n joins existing cluster k with energy
 * {@code |x_n - leader_k|} or opens a new one with energy {@code radius}; probabilities are {@code softmax(-E)}.
 * Training nudges the radius with the step's randomness and the batch, so resumption can be checked exactly.
 */
final class FakeModels {

    private FakeModels() {
    }

    static ModelFactory factory(String name) {
        return new ModelFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "test model";
            }

            @Override
            public TrainableModel create(Backend backend, Map<String, Object> config, long seed) {
                for (String key : config.keySet()) {
                    if (!key.equals("dimension") && !key.equals("radius")) {
                        throw new IllegalArgumentException("unknown model setting '" + key + "'");
                    }
                }
                int dimension = ((Number) config.getOrDefault("dimension", 2)).intValue();
                double radius = ((Number) config.getOrDefault("radius", 3.0)).doubleValue();
                return new Model(name, dimension, (float) (radius + new RandomStream(seed).nextDouble() * 1e-3));
            }
        };
    }

    static final class Model implements TrainableModel, Clusterer {

        private final String name;
        private final int dimension;
        private float radius;
        private float steps;
        boolean closed;

        Model(String name, int dimension, float radius) {
            this.name = name;
            this.dimension = dimension;
            this.radius = radius;
        }

        @Override
        public String algorithm() {
            return name;
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("dimension", dimension);
            config.put("radius", 3.0);
            return config;
        }

        @Override
        public Clusterer clusterer() {
            return this;
        }

        @Override
        public double trainStep(MixtureOfGaussians.Batch batch, RandomStream random) {
            double signal = batch.points()[0][0][0] * 1e-3 + (random.nextDouble() - 0.5) * 1e-2;
            radius += (float) signal;
            steps++;
            return Math.abs(radius - 2.0) + batch.clusters() * 1e-3;
        }

        @Override
        public List<NamedTensor> tensors() {
            return List.of(new NamedTensor("model/radius", new int[] {1}, new float[] {radius}),
                    new NamedTensor("optim/steps", new int[] {}, new float[] {steps}));
        }

        @Override
        public void load(List<NamedTensor> tensors) {
            Map<String, NamedTensor> byName = new LinkedHashMap<>();
            tensors.forEach(t -> byName.put(t.name(), t));
            radius = byName.get("model/radius").data()[0];
            steps = byName.get("optim/steps").data()[0];
        }

        @Override
        public OptionalDouble marginalConsistency(double[][] points, int[] labels) {
            return OptionalDouble.of(labels.length == 0 ? 0 : Partitions.clusterCount(labels) / (double) labels.length);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int pointDimension() {
            return dimension;
        }

        @Override
        public List<Clustering> clusterAll(List<double[][]> sets) {
            PointSets.validateAll(sets, dimension);
            List<Clustering> out = new ArrayList<>();
            for (double[][] set : sets) {
                out.add(decode(set, null, null));
            }
            return out;
        }

        @Override
        public List<Clustering> sample(double[][] points, int samples, long seed) {
            PointSets.validate(points, dimension);
            RandomStream random = new RandomStream(seed);
            Map<String, Clustering> distinct = new LinkedHashMap<>();
            for (int s = 0; s < samples; s++) {
                Clustering c = decode(points, random, null);
                distinct.putIfAbsent(Arrays.toString(c.labels()), c);
            }
            List<Clustering> sorted = new ArrayList<>(distinct.values());
            sorted.sort(Comparator.comparingDouble(Clustering::logProb).reversed());
            return sorted;
        }

        @Override
        public double logProb(double[][] points, int[] labels) {
            return decode(points, null, Partitions.relabel(labels)).logProb();
        }

        /** Greedy when {@code random} and {@code forced} are null, sampled with {@code random}, or scoring {@code forced}. */
        private Clustering decode(double[][] points, RandomStream random, int[] forced) {
            int n = points.length;
            int[] labels = new int[n];
            double[][] steps = new double[n][];
            steps[0] = new double[] {1.0};
            List<double[]> leaders = new ArrayList<>();
            leaders.add(points[0]);
            double logProb = 0;
            for (int i = 1; i < n; i++) {
                int k = leaders.size();
                double[] logits = new double[k + 1];
                for (int j = 0; j < k; j++) {
                    logits[j] = -distance(points[i], leaders.get(j));
                }
                logits[k] = -radius;
                double max = Arrays.stream(logits).max().orElseThrow();
                double sum = 0;
                for (double l : logits) {
                    sum += Math.exp(l - max);
                }
                double[] p = new double[k + 1];
                for (int j = 0; j <= k; j++) {
                    p[j] = Math.exp(logits[j] - max) / sum;
                }
                int choice;
                if (forced != null) {
                    choice = forced[i];
                } else if (random != null) {
                    choice = random.nextCategorical(p);
                } else {
                    choice = 0;
                    for (int j = 1; j <= k; j++) {
                        if (p[j] > p[choice]) {
                            choice = j;
                        }
                    }
                }
                logProb += Math.log(p[choice]);
                if (choice == k) {
                    leaders.add(points[i]);
                }
                labels[i] = choice;
                steps[i] = p;
            }
            return new Clustering(labels, leaders.size(), steps, logProb);
        }

        private static double distance(double[] a, double[] b) {
            double s = 0;
            for (int d = 0; d < a.length; d++) {
                s += (a[d] - b[d]) * (a[d] - b[d]);
            }
            return Math.sqrt(s);
        }
    }
}
