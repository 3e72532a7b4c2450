package org.gfncp.baselines.archfixture;

import com.google.inject.Injector;

/** Breaks the Guice-confinement rule from outside org.gfncp.core.inject. */
public final class BaselineUsesGuice {

    public String describe(Injector injector) {
        return injector.toString();
    }
}
