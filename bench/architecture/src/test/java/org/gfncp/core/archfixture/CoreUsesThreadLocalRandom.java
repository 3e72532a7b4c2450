package org.gfncp.core.archfixture;

import java.util.concurrent.ThreadLocalRandom;

/** Breaks the determinism rule with ThreadLocalRandom. */
public final class CoreUsesThreadLocalRandom {

    public double draw() {
        return ThreadLocalRandom.current().nextDouble();
    }
}
