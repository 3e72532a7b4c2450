package org.gfncp.core.archfixture;

import org.gfncp.api.archfixture.ApiLeak;

/** With {@link ApiLeak}, closes a cycle between the api and core slices. */
public final class CoreCallsApi {

    public ApiLeak leak() {
        return new ApiLeak();
    }
}
