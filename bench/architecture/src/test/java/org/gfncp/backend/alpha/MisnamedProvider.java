package org.gfncp.backend.alpha;

import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;

/** Breaks the provider rule: wrong name suffix and no no-argument constructor. */
public final class MisnamedProvider implements BackendProvider {

    private final String name;

    public MisnamedProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
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
