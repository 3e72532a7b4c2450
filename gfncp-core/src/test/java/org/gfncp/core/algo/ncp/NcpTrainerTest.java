package org.gfncp.core.algo.ncp;

import static org.assertj.core.api.Assertions.assertThat;

import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.algo.pointwise.PointwiseTrainerContract;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.junit.jupiter.api.Test;

/** NCP maximum-likelihood training on tiny networks and small sets: the shared trainer contract plus NCP's schedule. */
class NcpTrainerTest extends PointwiseTrainerContract<Ncp, NcpTrainer> {

    private static NcpConfig tiny() {
        return NcpConfig.mog2d().withSizes(16, 16, 16, 32).withTraining(8, 8, 16, 2, 30).withLearningRate(1e-2);
    }

    @Override
    protected long tinySeed() {
        return tiny().seed();
    }

    @Override
    protected Ncp tinyModel(long seed) {
        return new Ncp(backend, tiny().withSeed(seed));
    }

    @Override
    protected NcpTrainer trainer(Ncp model) {
        return new NcpTrainer(model);
    }

    @Override
    protected MogBatches batches(Ncp model) {
        return model.config().batches();
    }

    @Override
    protected double loss(Ncp model, NcpTrainer trainer, TrainingBatch batch) {
        return backend.ops().toDoubles(trainer.loss(batch).value())[0];
    }

    @Override
    protected double requiredLossRatio() {
        return 0.85;
    }

    @Test
    void ordersOnTwoThreadsGiveBitwiseTheSequentialTraining() {
        long live = backend.diagnostics().liveTensors();
        double[][] sequential = trainFourSteps(false);
        double[][] overlapped = trainFourSteps(true);
        assertThat(overlapped[0]).containsExactly(sequential[0]);
        assertThat(overlapped[1]).containsExactly(sequential[1]);
        assertThat(backend.diagnostics().liveTensors()).as("tensors left by either thread").isEqualTo(live);
    }

    private double[][] trainFourSteps(boolean overlap) {
        try (Ncp model = tinyModel(tinySeed()); NcpTrainer trainer = new NcpTrainer(model, overlap)) {
            double[] losses = trainer.train(4, (iteration, loss, seconds) -> { });
            return new double[][] {losses, backend.ops().toDoubles(model.parameters().get("E.0.weight").value())};
        }
    }

    @Test
    void learningRateDropsAtTheConfiguredIterations() {
        NcpConfig c = NcpConfig.mog2d();
        assertThat(c.learningRateAt(0)).isEqualTo(1e-4);
        assertThat(c.learningRateAt(1199)).isEqualTo(1e-4);
        assertThat(c.learningRateAt(1200)).isEqualTo(5e-5);
        assertThat(c.learningRateAt(2200)).isEqualTo(1e-5);
    }
}
