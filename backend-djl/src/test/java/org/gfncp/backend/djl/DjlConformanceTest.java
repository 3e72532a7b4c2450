package org.gfncp.backend.djl;

import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.testkit.BackendConformance;

/** The shared conformance kit (kernels against the reference oracle, memory, service registration) on DJL. */
class DjlConformanceTest implements BackendConformance {

    @Override
    public BackendProvider provider() {
        return new DjlBackendProvider();
    }
}
