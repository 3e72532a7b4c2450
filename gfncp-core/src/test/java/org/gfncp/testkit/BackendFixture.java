package org.gfncp.testkit;

import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of every contract: creates the backend under test and the FLOAT64 reference oracle once per test class
 * and closes both after it. Contracts are interfaces, so the backends are kept in {@link Fixtures} keyed by the
 * test instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public interface BackendFixture {

    /** The provider of the backend under test; a new instance is fine. */
    BackendProvider provider();

    @BeforeAll
    default void openConformanceBackends() {
        Fixtures.open(this, provider());
    }

    @AfterAll
    default void closeConformanceBackends() {
        Fixtures.close(this);
    }

    /** The backend under test. */
    default Backend backend() {
        return Fixtures.get(this).backend();
    }

    /** The reference backend used as oracle (a separate instance even when the reference itself is under test). */
    default Backend oracle() {
        return Fixtures.get(this).oracle();
    }

    /** The oracle's provider; reference results are computed in FLOAT64. */
    static BackendProvider oracleProvider() {
        return new ReferenceBackendProvider();
    }

    /** The configuration backends are created with: the defaults, one intra-op thread unless overridden. */
    static BackendConfig config() {
        return BackendConfig.defaults();
    }
}
