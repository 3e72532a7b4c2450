package org.gfncp.cli.model;

import java.util.Map;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.ncp.Ncp;
import org.gfncp.core.algo.ncp.NcpConfig;
import org.gfncp.core.algo.ncp.NcpTrainer;
import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.algo.pointwise.PointwiseTrainer;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.diff.GradientBuffer;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;

/** NCP for the tool: {@link NcpConfig} settings, the published code's training step (spec 1.3, 1.5). */
final class NcpModels implements ModelFactory {

    @Override
    public String name() {
        return "ncp";
    }

    @Override
    public String description() {
        return "Neural Clustering Process (Pakman et al., ICML 2020)";
    }

    @Override
    public Map<String, Object> trainingDefaults(TrainingConfig training) {
        return PointwiseModel.sharedTrainingDefaults(training);
    }

    @Override
    public Map<String, Object> runLengthSettings(TrainingConfig training) {
        return PointwiseModel.iterationsSetting(training);
    }

    @Override
    public TrainableModel create(Backend backend, Map<String, Object> settings, long seed) {
        NcpConfig config = PointwiseModel.configFrom(NcpConfig.mog2d(), settings, seed, NcpConfig.class);
        Ncp model = new Ncp(backend, config);
        return new Model(config, model, new Adam(backend, config.learningRate(), 0.9, 0.999, 1e-8, config.weightDecay(), false));
    }

    private static final class Model extends PointwiseModel<NcpConfig> {

        private final Ncp ncp;
        private final NcpTrainer losses;

        Model(NcpConfig config, Ncp model, Adam adam) {
            super(config, model, adam);
            this.ncp = model;
            // Used only for its loss and gradients over the orders; its own optimizer never steps.
            this.losses = new NcpTrainer(model);
        }

        @Override
        public String algorithm() {
            return "ncp";
        }

        @Override
        public double trainStep(MixtureOfGaussians.Batch batch, RandomStream random) {
            TrainingBatch base = MogBatches.labelled(batch);
            try (TensorScope scope = ncp.backend().openScope(); GradientBuffer buffer = new GradientBuffer(ncp.diff().ops())) {
                adam.setLearningRate(config.learningRateAt((int) adam.steps()));
                double mean = losses.lossAndGradients(base, random, buffer);
                if (Double.isFinite(mean)) {
                    PointwiseTrainer.applyUpdate(ncp.backend(), adam, buffer, 0, scope);
                }
                return mean;
            }
        }

        @Override
        public void close() {
            try {
                losses.close();
            } finally {
                super.close();
            }
        }
    }
}
