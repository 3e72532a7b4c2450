package org.gfncp.backend.alpha;

import org.gfncp.backend.beta.BetaBackendProvider;

/** Breaks backend isolation by reaching into another backend. */
public final class AlphaUsesBeta {

    public String borrow() {
        return new BetaBackendProvider().name();
    }
}
