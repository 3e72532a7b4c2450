package org.gfncp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.BackendDiagnostics;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.Test;

/** Scope ownership and deterministic release: what a scope owns dies with it, and training loops do not leak. */
@SuppressWarnings("try")
public interface MemoryContract extends BackendFixture {

    /** Training-like steps in {@link #liveTensorsReturnToBaselineAfterTrainingSteps()}. */
    int TRAINING_STEPS = 2_000;

    private long live() {
        return backend().diagnostics().liveTensors();
    }

    @Test
    default void scopeReleasesWhatItOwns() {
        TensorOps ops = backend().ops();
        long baseline = live();
        Tensor a;
        Tensor b;
        Tensor c;
        try (TensorScope scope = backend().openScope()) {
            a = ops.full(DType.FLOAT32, 1, 8, 4);
            b = ops.fromDoubles(new double[] {1, 2, 3}, 3);
            c = ops.add(a, a);
            assertThat(scope.owned()).isEqualTo(3);
            assertThat(live()).isEqualTo(baseline + 3);
            assertThat(backend().diagnostics().liveBytes()).isGreaterThan(0);
        }
        assertThat(a.isClosed()).isTrue();
        assertThat(b.isClosed()).isTrue();
        assertThat(c.isClosed()).isTrue();
        assertThat(live()).isEqualTo(baseline);
    }

    @Test
    default void liveBytesFollowElementSizes() {
        TensorOps ops = backend().ops();
        BackendDiagnostics before = backend().diagnostics();
        try (TensorScope scope = backend().openScope()) {
            ops.full(DType.FLOAT64, 0, 10, 3);
            ops.full(DType.INT32, 0, 5);
            assertThat(backend().diagnostics().liveBytes() - before.liveBytes()).isEqualTo(10 * 3 * 8 + 5 * 4);
        }
        assertThat(backend().diagnostics().liveBytes()).isEqualTo(before.liveBytes());
    }

    @Test
    default void keepPromotesToTheParentScope() {
        TensorOps ops = backend().ops();
        long baseline = live();
        Tensor kept;
        Tensor dropped;
        try (TensorScope outer = backend().openScope()) {
            try (TensorScope inner = backend().openScope()) {
                dropped = ops.full(DType.FLOAT32, 2, 3);
                kept = inner.keep(ops.exp(dropped));
                assertThat(inner.owned()).isEqualTo(1);
                assertThat(outer.owned()).isEqualTo(1);
            }
            assertThat(dropped.isClosed()).isTrue();
            assertThat(kept.isClosed()).isFalse();
            assertThat(ops.toDoubles(kept)).hasSize(3);
            assertThat(live()).isEqualTo(baseline + 1);
        }
        assertThat(kept.isClosed()).isTrue();
        assertThat(live()).isEqualTo(baseline);
    }

    @Test
    default void keepWithoutParentHandsOwnershipToTheCaller() {
        TensorOps ops = backend().ops();
        long baseline = live();
        Tensor kept;
        try (TensorScope scope = backend().openScope()) {
            kept = scope.keep(ops.full(DType.FLOAT64, 1, 4));
        }
        assertThat(kept.isClosed()).isFalse();
        assertThat(live()).isEqualTo(baseline + 1);
        kept.close();
        assertThat(kept.isClosed()).isTrue();
        assertThat(live()).isEqualTo(baseline);
        kept.close();
        assertThat(live()).as("close is idempotent").isEqualTo(baseline);
    }

    @Test
    default void keepRejectsATensorOfAnotherScope() {
        TensorOps ops = backend().ops();
        try (TensorScope outer = backend().openScope()) {
            Tensor t = ops.full(DType.FLOAT32, 1, 2);
            try (TensorScope inner = backend().openScope()) {
                assertThatThrownBy(() -> inner.keep(t)).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(t.isClosed()).isFalse();
        }
    }

    @Test
    default void usingAClosedTensorFails() {
        TensorOps ops = backend().ops();
        Tensor t;
        try (TensorScope scope = backend().openScope()) {
            t = ops.full(DType.FLOAT32, 1, 2, 2);
        }
        assertThat(t.isClosed()).isTrue();
        try (TensorScope scope = backend().openScope()) {
            Tensor other = ops.full(DType.FLOAT32, 1, 2, 2);
            assertThatThrownBy(() -> ops.add(t, other)).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> ops.toDoubles(t)).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> ops.exp(t)).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    default void explicitCloseInsideAScopeIsCountedOnce() {
        TensorOps ops = backend().ops();
        long baseline = live();
        try (TensorScope scope = backend().openScope()) {
            Tensor t = ops.full(DType.FLOAT32, 1, 5);
            t.close();
            assertThat(scope.owned()).isZero();
            assertThat(live()).isEqualTo(baseline);
        }
        assertThat(live()).isEqualTo(baseline);
    }

    @Test
    default void nestedScopesReleaseInnermostFirst() {
        TensorOps ops = backend().ops();
        long baseline = live();
        try (TensorScope s1 = backend().openScope()) {
            Tensor a = ops.full(DType.FLOAT32, 1, 2);
            try (TensorScope s2 = backend().openScope()) {
                Tensor b = ops.add(a, a);
                Tensor c;
                try (TensorScope s3 = backend().openScope()) {
                    c = ops.mul(b, b);
                    assertThat(live()).isEqualTo(baseline + 3);
                }
                assertThat(c.isClosed()).isTrue();
                assertThat(b.isClosed()).isFalse();
                Tensor d = ops.add(b, a);
                assertThat(s2.owned()).isEqualTo(2);
                assertThat(ops.toDoubles(d)).containsOnly(3.0);
            }
            assertThat(a.isClosed()).isFalse();
            assertThat(live()).isEqualTo(baseline + 1);
        }
        assertThat(live()).isEqualTo(baseline);
    }

    @Test
    default void liveTensorsReturnToBaselineAfterTrainingSteps() {
        TensorOps ops = backend().ops();
        Tensor x = ops.fromFloats(Generated.floats(64 * 32, 31), 64, 32);
        Tensor weights = ops.mulScalar(ops.fromFloats(Generated.floats(32 * 32, 32), 32, 32), 0.05);
        long baseline = live();
        long baselineBytes = backend().diagnostics().liveBytes();
        long peak = 0;
        try {
            for (int step = 0; step < TRAINING_STEPS; step++) {
                try (TensorScope scope = backend().openScope()) {
                    Tensor h = ops.tanh(ops.matmul(x, weights, false, false));
                    Tensor y = ops.exp(ops.mulScalar(h, 0.1));
                    Tensor loss = ops.sum(ops.add(y, h), new int[] {0, 1}, false);
                    Tensor grad = ops.matmul(x, ops.mulScalar(y, 1e-3), true, false);
                    Tensor updated = ops.sub(weights, ops.mulScalar(grad, 1e-3));
                    assertThat(loss.shape()).isEmpty();
                    Tensor next = scope.keep(updated);
                    weights.close();
                    weights = next;
                    peak = Math.max(peak, live());
                }
                assertThat(live()).as("live tensors after step %d", step).isEqualTo(baseline);
            }
            assertThat(backend().diagnostics().liveBytes()).isEqualTo(baselineBytes);
            assertThat(peak).as("tensors inside a step").isGreaterThan(baseline);
            for (double w : ops.toDoubles(weights)) {
                assertThat(w).isFinite();
            }
        } finally {
            weights.close();
            x.close();
        }
    }
}
