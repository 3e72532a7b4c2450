package org.gfncp.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import java.util.List;
import java.util.Map;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.core.backend.Backends;
import org.gfncp.core.backend.Selection;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendProvider;

/**
 * Binds every backend provider into {@code Map<String, BackendProvider>} (keyed by name) and provides the
 * selected {@link Backend} as a singleton. All providers are bound unconditionally; choosing happens in
 * {@link BackendSelector} at provision time. Two providers with one name fail injector creation, because the
 * map binder does not permit duplicates.
 *
 * <p>{@link BackendSettings} defaults to {@link BackendSettings#fromSystem()}; override it with
 * {@code OptionalBinder.newOptionalBinder(binder, BackendSettings.class).setBinding()}. The provided backend is
 * never closed by Guice: use {@link GfncpRuntime}, which owns it.
 */
public final class BackendsModule extends AbstractModule {

    private final List<BackendProvider> providers;

    /** Binds the providers registered through ServiceLoader. */
    public BackendsModule() {
        this(Backends.discover());
    }

    /** Binds exactly {@code providers} (for tests and embedding). */
    public BackendsModule(List<BackendProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    @Override
    protected void configure() {
        MapBinder<String, BackendProvider> byName =
                MapBinder.newMapBinder(binder(), String.class, BackendProvider.class);
        for (BackendProvider provider : providers) {
            byName.addBinding(provider.name()).toInstance(provider);
        }
        OptionalBinder.newOptionalBinder(binder(), BackendSettings.class)
                .setDefault().toInstance(BackendSettings.fromSystem());
    }

    @Provides
    @Singleton
    BackendSelector selector(Map<String, BackendProvider> byName, BackendSettings settings) {
        return new BackendSelector(List.copyOf(byName.values()), settings.properties(), settings.environment());
    }

    @Provides
    @Singleton
    Selection selection(BackendSelector selector, BackendSettings settings) {
        return selector.open(settings.name(), settings.config());
    }

    @Provides
    @Singleton
    Backend backend(Selection selection) {
        return selection.backend();
    }
}
