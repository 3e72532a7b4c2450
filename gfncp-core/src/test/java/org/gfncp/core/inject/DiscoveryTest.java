package org.gfncp.core.inject;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.core.backend.Backends;
import org.gfncp.spi.backend.BackendProvider;
import org.junit.jupiter.api.Test;

/** The one test of the real ServiceLoader path: gfncp-core itself registers the pure-Java reference backend. */
class DiscoveryTest {

    @Test
    void serviceLoaderFindsTheReferenceBackend() {
        List<BackendProvider> found = Backends.discover();
        assertThat(found).extracting(BackendProvider::name).contains("reference");
        assertThat(found).filteredOn(p -> p.name().equals("reference")).singleElement()
                .satisfies(p -> assertThat(p.isAvailable()).isTrue());
    }

    @Test
    void runtimeOverServiceLoaderSelectsAndClosesReference() {
        try (GfncpRuntime runtime = GfncpRuntime.builder().backend("reference").build()) {
            assertThat(runtime.backend().name()).isEqualTo("reference");
            assertThat(runtime.get(BackendSelector.class).providers())
                    .extracting(BackendProvider::name).contains("reference");
        }
    }
}
