package org.gfncp.api.archfixture;

import org.gfncp.core.archfixture.CoreCallsApi;

/** Breaks the JDK-only API rule (and, with {@link CoreCallsApi}, the no-cycles rule). */
public final class ApiLeak {

    public Object back() {
        return CoreCallsApi.class;
    }
}
