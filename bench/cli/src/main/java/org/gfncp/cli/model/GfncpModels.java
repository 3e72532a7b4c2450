package org.gfncp.cli.model;

import java.util.Map;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.gfncp.Gfncp;
import org.gfncp.core.algo.gfncp.GfncpConfig;
import org.gfncp.core.algo.gfncp.GfncpLoss;
import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.algo.pointwise.PointwiseTrainer;
import org.gfncp.core.algo.pointwise.SecondThread;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.diff.GradientBuffer;
import org.gfncp.core.data.MixtureOfGaussians;
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
        /** Shared by the per-step losses (each step has its own sampling stream, for exact resumption). */
        private final SecondThread second = new SecondThread("gfncp-policy-sampler");

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
            TrainingBatch training = MogBatches.labelled(batch, config.beta(), config.pointwiseExploration(), random);
            try (TensorScope scope = gfncp.backend().openScope();
                    GradientBuffer gradients = new GradientBuffer(gfncp.diff().ops())) {
                schedule.apply(adam, adam.steps());
                double loss = new GfncpLoss(gfncp, random.split(), second)
                        .backward(training, gradients);
                if (!Double.isFinite(loss)) {
                    return loss;
                }
                PointwiseTrainer.applyUpdate(gfncp.backend(), adam, gradients, config.gradientClip(), scope);
                return loss;
            }
        }
    }
}
