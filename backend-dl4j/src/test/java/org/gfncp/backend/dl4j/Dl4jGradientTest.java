package org.gfncp.backend.dl4j;

import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.testkit.GradientContract;

/** Core's tape over the ND4J kernels: finite differences, reference agreement and flat memory across steps. */
class Dl4jGradientTest implements GradientContract {

    @Override
    public BackendProvider provider() {
        return new Dl4jBackendProvider();
    }
}
