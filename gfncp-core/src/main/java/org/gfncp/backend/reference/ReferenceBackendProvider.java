package org.gfncp.backend.reference;

import org.gfncp.spi.backend.AbstractBackendProvider;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;

/** Registers the reference backend. Lowest priority, so any engine that is present wins automatic selection. */
public final class ReferenceBackendProvider extends AbstractBackendProvider {

    /** The name used to select this backend. */
    public static final String NAME = "reference";

    public ReferenceBackendProvider() {
        super(NAME, 0);
    }

    @Override
    protected Backend load(BackendConfig config) {
        return new ReferenceBackend();
    }
}
