package org.gfncp.testkit;

import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.core.diff.Diff;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the tape, layer and optimizer tests: one reference backend (exact float64 arithmetic, so gradient
 * checks are tight) and a tape over it, per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReferenceTapeFixture {

    protected Backend backend;
    protected TensorOps ops;
    protected Diff d;

    @BeforeAll
    final void openReference() {
        backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
        ops = backend.ops();
        d = new Diff(backend);
    }

    @AfterAll
    final void closeReference() {
        backend.close();
    }
}
