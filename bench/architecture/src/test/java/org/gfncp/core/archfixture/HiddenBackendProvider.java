package org.gfncp.core.archfixture;

import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;

/** Breaks the provider rule: not public, and outside org.gfncp.backend.*. */
final class HiddenBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "hidden";
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
