package org.gfncp.cli.model;

import java.util.Map;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.gfncp.Gfncp;
import org.gfncp.core.algo.gfncp.GfncpConfig;
import org.gfncp.core.algo.gfncp.GfncpLoss;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.optim.CosineSchedule;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;

/** GFNCP for the tool: {@link GfncpConfig} settings, the released code's training step (spec 2.3, 2.5). */
final class GfncpModels implements ModelFactory {

    @Override
    public String name() {
        return "gfncp";
    }

    @Override
    public String description() {
        return "GFlowNet Clustering Process (Chelly et al., AISTATS 2025)";
    }

    @Override
    public Map<String, Object> trainingDefaults(TrainingConfig training) {
        Map<String, Object> values = PointwiseModel.sharedTrainingDefaults(training);
        values.put("minClusters", training.fixedK() != null ? training.fixedK() : training.minK());
        values.put("augmented", training.augmented());
        return values;
    }

    @Override
    public Map<String, Object> runLengthSettings(TrainingConfig training) {
        return PointwiseModel.iterationsSetting(training);
    }

    @Override
    public TrainableModel create(Backend backend, Map<String, Object> settings, long seed) {
        GfncpConfig config = PointwiseModel.configFrom(GfncpConfig.mog2d(), settings, seed, GfncpConfig.class);
        Gfncp model = new Gfncp(backend, config);
        return new Model(config, model, new Adam(backend, config.learningRate()));
    }

    private static final class Model extends PointwiseModel<GfncpConfig> {

        private final Gfncp gfncp;
        private final CosineSchedule schedule;

        Model(GfncpConfig config, Gfncp model, Adam adam) {
            super(config, model, adam);
            this.gfncp = model;
            this.schedule = new CosineSchedule(config.learningRate(), config.minLearningRate(), config.iterations(),
                    config.scheduleEvery());
        }

        @Override
        public String algorithm() {
            return "gfncp";
        }

        @Override
        public double trainStep(MixtureOfGaussians.Batch batch, RandomStream random) {
            // Exploration (code behaviour): with probability 1 - beta the whole batch gets CRP blocks relabeled uniformly.
            boolean exploration = !random.nextBoolean(config.beta());
            int[] labels = exploration ? Partitions.uniformBlockLabels(batch.labels(), random) : batch.labels();
            try (TensorScope scope = gfncp.backend().openScope()) {
                schedule.apply(adam, adam.steps());
                Var value = new GfncpLoss(gfncp, random.split()).loss(trainingBatch(batch, labels, exploration));
                double loss = gfncp.diff().ops().toDoubles(value.value())[0];
                if (!Double.isFinite(loss)) {
                    return loss;
                }
                Gradients gradients = gfncp.diff().backward(value);
                adam.step(gradients, scope);
                return loss;
            }
        }
    }
}
