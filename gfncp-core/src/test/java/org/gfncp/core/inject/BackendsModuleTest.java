package org.gfncp.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.OptionalBinder;
import java.util.List;
import java.util.Map;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;
import org.junit.jupiter.api.Test;

class BackendsModuleTest {

    private static AbstractModule settings(String name) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), BackendSettings.class).setBinding().toInstance(
                        new BackendSettings(name, new BackendConfig(1, 1, false), k -> null, k -> null));
            }
        };
    }

    @Test
    void bindsEveryProviderByName() {
        FakeProvider a = FakeProvider.available("a", 1);
        FakeProvider b = FakeProvider.unavailable("b", 2, "missing");
        Injector injector = Guice.createInjector(new BackendsModule(List.of(a, b)), settings("a"));
        Map<String, BackendProvider> byName = injector.getInstance(new Key<Map<String, BackendProvider>>() { });
        assertThat(byName).containsOnlyKeys("a", "b").containsEntry("a", a).containsEntry("b", b);
        assertThat(a.created).as("binding providers must not create backends").isEmpty();
    }

    @Test
    void providesTheSelectedBackendAsASingleton() {
        FakeProvider a = FakeProvider.available("a", 1);
        FakeProvider b = FakeProvider.available("b", 2);
        Injector injector = Guice.createInjector(new BackendsModule(List.of(a, b)), settings("a"));
        Backend first = injector.getInstance(Backend.class);
        assertThat(first.name()).isEqualTo("a");
        assertThat(injector.getInstance(Backend.class)).isSameAs(first);
        assertThat(a.created).hasSize(1);
        assertThat(b.created).isEmpty();
    }

    @Test
    void productionStageCreatesTheBackendEagerly() {
        FakeProvider a = FakeProvider.available("a", 1);
        Guice.createInjector(Stage.PRODUCTION, new BackendsModule(List.of(a)), settings(null));
        assertThat(a.created).hasSize(1);
    }

    @Test
    void duplicateNamesFailInjectorCreation() {
        List<BackendProvider> twice = List.of(FakeProvider.available("same", 1), FakeProvider.available("same", 2));
        assertThatThrownBy(() -> Guice.createInjector(new BackendsModule(twice), settings(null)))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("same");
    }

    @Test
    void settingsDefaultToTheSystemWhenNotOverridden() {
        Injector injector = Guice.createInjector(new BackendsModule(List.of(FakeProvider.available("a", 1))));
        BackendSettings settings = injector.getInstance(BackendSettings.class);
        assertThat(settings.name()).isNull();
        assertThat(settings.config()).isEqualTo(BackendConfig.defaults());
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Map<String, BackendProvider>>() { })))
                .containsOnlyKeys("a");
    }
}
