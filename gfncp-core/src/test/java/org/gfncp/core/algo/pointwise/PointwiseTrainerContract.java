package org.gfncp.core.algo.pointwise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link PointwiseTrainer} must do, on tiny networks and small sets of the reference backend: learn a
 * fixed batch, repeat itself for a seed, report every iteration, and release every temporary of an iteration.
 *
 * @param <M> the model the trainer trains
 * @param <T> the trainer under test
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PointwiseTrainerContract<M extends PointwiseClusterer, T extends PointwiseTrainer> {

    protected Backend backend;

    @BeforeAll
    final void openBackend() {
        backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
    }

    @AfterAll
    final void closeBackend() {
        backend.close();
    }

    /** The seed of the tiny configuration. */
    protected abstract long tinySeed();

    /** A tiny model of the algorithm under test whose configuration has {@code seed}. */
    protected abstract M tinyModel(long seed);

    /** The trainer of {@code model}, at iteration 0. */
    protected abstract T trainer(M model);

    /** The batches {@code model} trains on. */
    protected abstract MogBatches batches(M model);

    /** The training loss of {@code batch} under the model's current weights (differentiable graph, one value). */
    protected abstract double loss(M model, T trainer, TrainingBatch batch);

    /** The largest ratio of the fixed batch's loss after 30 iterations to its loss before. */
    protected abstract double requiredLossRatio();

    /** Trains a fresh tiny model with {@code seed} for {@code iterations} iterations; returns the losses. */
    protected final double[] run(long seed, int iterations, TrainingListener listener) {
        try (M model = tinyModel(seed); T trainer = trainer(model)) {
            return trainer.train(iterations, listener);
        }
    }

    /** The scalar value of {@code loss} on {@code batch}, computed inside a scope of its own. */
    private double scopedLoss(M model, T trainer, TrainingBatch batch) {
        try (TensorScope scope = backend.openScope()) {
            return loss(model, trainer, batch);
        }
    }

    @Test
    void shortRunDecreasesTheLossOfAFixedBatch() {
        List<Integer> seen = new ArrayList<>();
        try (M model = tinyModel(tinySeed()); T trainer = trainer(model)) {
            TrainingBatch fixed = batches(model).next(new RandomStream(77));
            double before = scopedLoss(model, trainer, fixed);
            trainer.train(30, (it, loss, seconds) -> seen.add(it));
            double after = scopedLoss(model, trainer, fixed);
            assertThat(after).as("before %s, after %s", before, after).isLessThan(requiredLossRatio() * before);
            assertThat(trainer.iteration()).isEqualTo(30);
        }
        assertThat(seen).hasSize(30).startsWith(0).endsWith(29);
    }

    @Test
    void sameSeedGivesIdenticalLosses() {
        double[] a = run(tinySeed(), 3, TrainingListener.none());
        assertThat(run(tinySeed(), 3, TrainingListener.none())).containsExactly(a);
        assertThat(run(tinySeed() + 1, 3, TrainingListener.none())).isNotEqualTo(a);
    }

    @Test
    void iterationsReleaseEveryTemporary() {
        try (M model = tinyModel(tinySeed()); T trainer = trainer(model)) {
            trainer.step();
            long live = backend.diagnostics().liveTensors();
            trainer.step();
            trainer.step();
            assertThat(backend.diagnostics().liveTensors()).isEqualTo(live);
        }
    }
}
