package org.gfncp.backend.reference;

import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;

/** Registers the reference backend. Lowest priority, so any engine that is present wins automatic selection. */
public final class ReferenceBackendProvider implements BackendProvider {

    /** The name used to select this backend. */
    public static final String NAME = "reference";

    public ReferenceBackendProvider() {
        // Deliberately empty: providers are instantiated by ServiceLoader during discovery.
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Backend create(BackendConfig config) {
        return new ReferenceBackend();
    }
}
