package org.gfncp.backend.beta;

import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;

/** A provider that satisfies the provider rule: the positive control. */
public final class BetaBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "beta";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public Backend create(BackendConfig config) {
        throw new UnsupportedOperationException("fixture");
    }
}
