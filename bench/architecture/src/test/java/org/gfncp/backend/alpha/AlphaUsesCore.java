package org.gfncp.backend.alpha;

import org.gfncp.core.archfixture.CoreUsesMathRandom;

/** Breaks the rule that backends never depend on core. */
public final class AlphaUsesCore {

    public double borrow() {
        return new CoreUsesMathRandom().draw();
    }
}
