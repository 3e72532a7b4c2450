package org.gfncp.experiments.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.model.Algorithms;
import org.gfncp.cli.model.TrainableModel;
import org.gfncp.core.algo.pointwise.Consistency;
import org.gfncp.core.algo.pointwise.PointwiseClusterer;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;

/**
 * The real GFNCP and NCP models. Training steps and checkpointable optimizer state come from the command-line
 * tool's model factories (core's {@code Adam} cannot restore its moments, which exact resumption needs); decoding,
 * MC and log-probabilities come straight from core's {@link PointwiseClusterer} and {@link Consistency}.
 */
public final class BuiltInModels implements ModelSource {

    private final Algorithms algorithms = Algorithms.builtIn();

    @Override
    public ExperimentModel create(Backend backend, TrainingPlan plan, long seed) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("batchSize", plan.batch());
        settings.put("nMin", plan.nMin());
        settings.put("nMax", plan.nMax());
        settings.put("crpAlpha", plan.alpha());
        if (plan.algorithm().equals("gfncp")) {
            settings.put("minClusters", plan.minClusters());
        }
        settings.put("maxClusters", plan.maxClusters());
        settings.put("iterations", plan.iterations());
        settings.put("seed", seed);
        settings.putAll(plan.modelSettings());
        TrainableModel model = algorithms.get(plan.algorithm()).create(backend, settings, seed);
        if (!(model.clusterer() instanceof PointwiseClusterer)) {
            model.close();
            throw new IllegalArgumentException("algorithm '" + plan.algorithm()
                    + "' is not a point-wise sequential model; the MC and SDPP experiments need one");
        }
        return new Adapter(model);
    }

    private static final class Adapter implements ExperimentModel {

        private final TrainableModel model;
        private final PointwiseClusterer clusterer;

        Adapter(TrainableModel model) {
            this.model = model;
            this.clusterer = (PointwiseClusterer) model.clusterer();
        }

        @Override
        public String algorithm() {
            return model.algorithm();
        }

        @Override
        public Map<String, Object> config() {
            return model.config();
        }

        @Override
        public double trainStep(MixtureOfGaussians.Batch batch, RandomStream random) {
            return model.trainStep(batch, random);
        }

        @Override
        public List<Clustering> greedy(List<double[][]> sets) {
            return clusterer.clusterAll(sets);
        }

        @Override
        public List<Clustering> beam(List<double[][]> sets, int width) {
            List<Clustering> out = new ArrayList<>(sets.size());
            for (double[][] points : sets) {
                out.add(clusterer.beamSearch(points, width));
            }
            return out;
        }

        @Override
        public List<Clustering> sample(double[][] points, int samples, long seed) {
            return clusterer.sample(points, samples, seed);
        }

        @Override
        public double[] marginalConsistency(List<double[][]> sets, List<int[]> labels) {
            return Consistency.marginalConsistency(clusterer, new ArrayList<>(sets), new ArrayList<>(labels));
        }

        @Override
        public double[] logProbs(double[][][] sets, int[][] labels) {
            return clusterer.logProbs(sets, labels);
        }

        @Override
        public List<NamedTensor> tensors() {
            return model.tensors();
        }

        @Override
        public void load(List<NamedTensor> tensors) {
            model.load(tensors);
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
