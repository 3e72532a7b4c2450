package org.gfncp.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import java.util.List;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.core.backend.SelectionSource;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendUnavailableException;
import org.junit.jupiter.api.Test;

class GfncpRuntimeTest {

    private final FakeProvider low = FakeProvider.available("low", 1);
    private final FakeProvider high = FakeProvider.available("high", 9);

    private GfncpRuntime.Builder isolated() {
        return GfncpRuntime.builder().providers(List.of(low, high)).properties(k -> null).environment(k -> null);
    }

    @Test
    void ownsTheSelectedBackendAndClosesItOnce() {
        GfncpRuntime runtime = isolated().backend("low").build();
        Backend backend = runtime.backend();
        assertThat(backend.name()).isEqualTo("low");
        assertThat(runtime.selectedBy()).isEqualTo(SelectionSource.CONFIGURATION);
        assertThat(runtime.get(Backend.class)).isSameAs(backend);
        runtime.close();
        runtime.close();
        assertThat(low.created.get(0).closeCalls).isEqualTo(1);
        assertThatThrownBy(runtime::backend).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void passesTheConfigAndHonoursPropertyAndEnvironment() {
        BackendConfig config = new BackendConfig(2, 1, false);
        try (GfncpRuntime runtime = isolated().config(config).environment(k -> "low").build()) {
            assertThat(runtime.backend().name()).isEqualTo("low");
            assertThat(runtime.selectedBy()).isEqualTo(SelectionSource.ENVIRONMENT);
            assertThat(low.lastConfig).isSameAs(config);
        }
        try (GfncpRuntime runtime = isolated().properties(k -> "high").environment(k -> "low").build()) {
            assertThat(runtime.backend().name()).isEqualTo("high");
            assertThat(runtime.selectedBy()).isEqualTo(SelectionSource.SYSTEM_PROPERTY);
        }
        try (GfncpRuntime runtime = isolated().build()) {
            assertThat(runtime.backend().name()).isEqualTo("high");
            assertThat(runtime.selectedBy()).isEqualTo(SelectionSource.PRIORITY);
            assertThat(runtime.get(BackendSelector.class).providers()).hasSize(2);
        }
    }

    @Test
    void selectionFailureSurfacesAsBackendUnavailableWithTheList() {
        assertThatThrownBy(() -> isolated().backend("nosuch").build())
                .isExactlyInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("Unknown backend 'nosuch'")
                .hasMessageContaining("high")
                .hasMessageContaining("low");
    }

    @Test
    void aLaterBindingFailureStillClosesTheCreatedBackend() {
        AbstractModule broken = new AbstractModule() {
            @Provides
            @jakarta.inject.Singleton
            String needsBackend(Backend backend) {
                throw new IllegalStateException("downstream failed after " + backend.name());
            }
        };
        assertThatThrownBy(() -> isolated().backend("low").module(broken).build())
                .hasMessageContaining("downstream failed after low");
        assertThat(low.created).hasSize(1);
        assertThat(low.created.get(0).closeCalls).isEqualTo(1);
    }

    @Test
    void extraModulesCanInjectTheBackend() {
        AbstractModule consumer = new AbstractModule() {
            @Provides
            String label(Backend backend) {
                return "on " + backend.name();
            }
        };
        try (GfncpRuntime runtime = isolated().module(consumer).build()) {
            assertThat(runtime.get(String.class)).isEqualTo("on high");
        }
    }
}
