package org.gfncp.core.algo.ncp;

import static org.assertj.core.api.Assertions.assertThat;

import org.gfncp.api.tensor.TensorScope;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.random.RandomStream;
import org.gfncp.core.algo.pointwise.TrainingListener;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** NCP maximum-likelihood training on tiny networks and small sets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NcpTrainerTest {

    private Backend backend;

    @BeforeAll
    void open() {
        backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
    }

    @AfterAll
    void close() {
        backend.close();
    }

    private static NcpConfig tiny() {
        return NcpConfig.mog2d().withSizes(16, 16, 16, 32).withTraining(8, 8, 16, 2, 30).withLearningRate(1e-2);
    }

    private double[] run(NcpConfig config, int iterations) {
        try (Ncp model = new Ncp(backend, config); NcpTrainer trainer = new NcpTrainer(model)) {
            return trainer.train(iterations, TrainingListener.none());
        }
    }

    @Test
    void shortRunDecreasesTheNegativeLogLikelihoodOfAFixedBatch() {
        NcpConfig c = tiny();
        TrainingBatch fixed = c.batches().next(new RandomStream(77));
        try (Ncp model = new Ncp(backend, c); NcpTrainer trainer = new NcpTrainer(model)) {
            double before = fixedLoss(model, trainer, fixed);
            trainer.train(30, TrainingListener.none());
            double after = fixedLoss(model, trainer, fixed);
            assertThat(after).as("before %s, after %s", before, after).isLessThan(0.85 * before);
        }
    }

    private double fixedLoss(Ncp model, NcpTrainer trainer, TrainingBatch batch) {
        try (TensorScope scope = backend.openScope()) {
            return backend.ops().toDoubles(trainer.loss(batch).value())[0];
        }
    }

    @Test
    void sameSeedGivesIdenticalLosses() {
        double[] a = run(tiny(), 3);
        assertThat(run(tiny(), 3)).containsExactly(a);
        assertThat(run(tiny().withSeed(99), 3)).isNotEqualTo(a);
    }

    @Test
    void iterationsReleaseEveryTemporary() {
        try (Ncp model = new Ncp(backend, tiny()); NcpTrainer trainer = new NcpTrainer(model)) {
            trainer.step();
            long live = backend.diagnostics().liveTensors();
            trainer.step();
            trainer.step();
            assertThat(backend.diagnostics().liveTensors()).isEqualTo(live);
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
