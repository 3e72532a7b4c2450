package org.gfncp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of a backend's own kernel tests: one backend per test class (engines are slow to load), and a scope per
 * test that releases whatever the test made, so a test may create tensors freely; once it closes, no tensor of
 * the backend may still be live.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScopedBackendTest {

    protected Backend backend;
    protected TensorOps ops;
    protected TensorScope scope;

    /** Creates the backend under test; called once per test class. */
    protected abstract Backend createBackend();

    @BeforeAll
    final void loadBackend() {
        backend = createBackend();
        ops = backend.ops();
    }

    @AfterAll
    final void closeBackend() {
        backend.close();
    }

    @BeforeEach
    final void openTestScope() {
        scope = backend.openScope();
    }

    @AfterEach
    final void closeTestScope() {
        scope.close();
        assertThat(backend.diagnostics().liveTensors()).as("tensors left live after the test's scope closed").isZero();
    }

    /** A FLOAT64 tensor of {@code values} in {@code shape}. */
    protected final Tensor d(double[] values, int... shape) {
        return ops.fromDoubles(values, shape);
    }
}
