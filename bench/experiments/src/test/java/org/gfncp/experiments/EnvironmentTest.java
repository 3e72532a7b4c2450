package org.gfncp.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.spi.backend.AbstractBackend;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.Capability;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.Test;

/** Table headers say where the numbers were measured: the host, and the GPU when the backend runs on one. */
class EnvironmentTest {

    @Test
    void aCpuBackendIsDescribedByItsHost() {
        try (Backend reference = BackendSelector.fromClasspath().open("reference", BackendConfig.defaults()).backend()) {
            assertThat(Environment.device(reference)).startsWith("CPU: ")
                    .contains(Runtime.getRuntime().availableProcessors() + " cores");
        }
    }

    @Test
    void aGpuBackendLeadsWithItsDevice() {
        try (Backend gpu = new DeviceOnly("Engine 1.0 on gpu(0)")) {
            assertThat(Environment.device(gpu)).startsWith("GPU (gpu(0)), host CPU: ");
        }
    }

    /** Only what the description reads: name, engine text and capabilities. */
    private static final class DeviceOnly extends AbstractBackend {

        DeviceOnly(String engine) {
            super("fake", engine, Set.of(Capability.GPU));
        }

        @Override
        public TensorOps ops() {
            throw new UnsupportedOperationException("no kernels");
        }

        @Override
        public void close() {
        }
    }
}
