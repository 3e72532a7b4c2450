package org.gfncp.backend.reference;

import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.testkit.BackendConformance;

/** The reference backend against the kit: checks the kit's plumbing and that FLOAT32 rounding stays in tolerance. */
class ReferenceConformanceTest implements BackendConformance {

    @Override
    public BackendProvider provider() {
        return new ReferenceBackendProvider();
    }
}
