package org.gfncp.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.Capability;
import org.junit.jupiter.api.Test;

/**
 * The device is chosen by {@link BackendConfig#useGpu()} alone: DJL would put arrays on a visible GPU by default,
 * and a user who did not ask for one must get the CPU (deterministic, with the pinned threads). A request on a
 * machine without a GPU falls back to the CPU and the backend says where it runs.
 */
class DjlDeviceTest {

    @Test
    void withoutAGpuRequestTheBackendRunsOnTheCpu() {
        try (Backend backend = new DjlBackendProvider().create(new BackendConfig(1, 1, false))) {
            assertThat(backend.capabilities()).doesNotContain(Capability.GPU).contains(Capability.DETERMINISTIC);
            assertThat(backend.engineVersion()).doesNotContain(" on ");
            assertThat(arrayDevice(backend)).isEqualTo(Device.cpu());
        }
    }

    @Test
    void aGpuRequestUsesTheGpuWhenLibtorchHasOneAndTheCpuOtherwise() {
        try (Backend backend = new DjlBackendProvider().create(new BackendConfig(1, 1, true))) {
            boolean gpu = Engine.getEngine(DjlBackend.ENGINE_NAME).getGpuCount() > 0;
            assertThat(backend.capabilities().contains(Capability.GPU)).isEqualTo(gpu);
            assertThat(backend.capabilities().contains(Capability.DETERMINISTIC)).isEqualTo(!gpu);
            assertThat(arrayDevice(backend)).isEqualTo(gpu ? Device.gpu() : Device.cpu());
            assertThat(backend.engineVersion().endsWith(" on " + Device.gpu())).isEqualTo(gpu);
            try (TensorScope scope = backend.openScope()) {
                Tensor x = backend.ops().fromFloats(new float[] {1, 2, 3, 4}, 2, 2);
                assertThat(backend.ops().toFloats(backend.ops().matmul(x, x, false, false))).containsExactly(7, 10, 15, 22);
            }
        }
    }

    @Test
    void withoutAGpuTheDeviceIsTheCpuWhateverWasAsked() {
        Engine engine = Engine.getEngine(DjlBackend.ENGINE_NAME);
        assumeTrue(engine.getGpuCount() == 0, "this machine has a GPU");
        assertThat(DjlBackend.device(engine, true)).isEqualTo(Device.cpu());
        assertThat(DjlBackend.device(engine, false)).isEqualTo(Device.cpu());
    }

    private static Device arrayDevice(Backend backend) {
        try (TensorScope scope = backend.openScope()) {
            Tensor t = backend.ops().fromFloats(new float[] {1f}, 1);
            return ((DjlTensor) t).array().getDevice();
        }
    }
}
