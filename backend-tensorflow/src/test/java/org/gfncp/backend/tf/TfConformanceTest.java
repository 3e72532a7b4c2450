package org.gfncp.backend.tf;

import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.testkit.BackendConformance;

/** The shared conformance kit, run against the TensorFlow backend. */
class TfConformanceTest implements BackendConformance {

    @Override
    public BackendProvider provider() {
        return new TfBackendProvider();
    }
}
