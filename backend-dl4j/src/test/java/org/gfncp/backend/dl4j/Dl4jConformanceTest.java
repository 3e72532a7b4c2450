package org.gfncp.backend.dl4j;

import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.testkit.BackendConformance;

/** The shared conformance kit (kernels against the reference oracle, memory, service registration) on ND4J. */
class Dl4jConformanceTest implements BackendConformance {

    @Override
    public BackendProvider provider() {
        return new Dl4jBackendProvider();
    }
}
