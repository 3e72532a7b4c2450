package org.gfncp.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.matcher.Matchers;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.spi.Message;
import com.google.inject.spi.ProvisionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.gfncp.core.backend.SelectionSource;
import org.gfncp.core.backend.Selection;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.BackendUnavailableException;

/**
 * An injector plus the one backend it selected, closed together. Guice has no lifecycle, so this class is
 * what releases the backend's native resources.
 *
 * <pre>{@code
 * try (GfncpRuntime runtime = GfncpRuntime.builder().backend("djl").build()) {
 *     Backend backend = runtime.backend();
 * }
 * }</pre>
 *
 * The injector runs in {@link Stage#PRODUCTION} unless told otherwise, so the backend is created (and a bad
 * selection reported) when {@link Builder#build()} returns, not at first use.
 */
public final class GfncpRuntime implements AutoCloseable {

    private final Injector injector;
    private final Selection selection;
    private boolean closed;

    private GfncpRuntime(Injector injector, Selection selection) {
        this.injector = injector;
        this.selection = selection;
    }

    /** Selection by {@code gfncp.backend}, {@code GFNCP_BACKEND} or priority, among ServiceLoader's providers. */
    public static GfncpRuntime start() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The selected backend, owned by this runtime. */
    public Backend backend() {
        checkOpen();
        return selection.backend();
    }

    /** Which rule chose the backend. */
    public SelectionSource selectedBy() {
        return selection.source();
    }

    /** An instance from the injector, so callers need no Guice types. */
    public <T> T get(Class<T> type) {
        checkOpen();
        return injector.getInstance(type);
    }

    /** Closes the backend; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            selection.backend().close();
        }
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("GfncpRuntime is closed");
        }
    }

    /** Settings for {@link GfncpRuntime}; every one is optional. */
    public static final class Builder {

        private String backendName;
        private BackendConfig config = BackendConfig.defaults();
        private List<BackendProvider> providers;
        private Function<String, String> properties = System::getProperty;
        private Function<String, String> environment = System::getenv;
        private Stage stage = Stage.PRODUCTION;
        private final List<Module> modules = new ArrayList<>();

        private Builder() {
        }

        /** An explicit backend name; it beats the system property and the environment. */
        public Builder backend(String name) {
            this.backendName = name;
            return this;
        }

        public Builder config(BackendConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Use exactly these providers instead of ServiceLoader discovery. */
        public Builder providers(List<BackendProvider> providers) {
            this.providers = List.copyOf(providers);
            return this;
        }

        /** Where {@code gfncp.backend} is read from; defaults to the system properties. */
        public Builder properties(Function<String, String> properties) {
            this.properties = Objects.requireNonNull(properties, "properties");
            return this;
        }

        /** Where {@code GFNCP_BACKEND} is read from; defaults to the process environment. */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** {@link Stage#PRODUCTION} by default; {@link Stage#DEVELOPMENT} defers other singletons. */
        public Builder stage(Stage stage) {
            this.stage = Objects.requireNonNull(stage, "stage");
            return this;
        }

        /** Further bindings, e.g. algorithm modules. */
        public Builder module(Module module) {
            modules.add(Objects.requireNonNull(module, "module"));
            return this;
        }

        /**
         * Creates the injector and the backend.
         *
         * @throws BackendUnavailableException when no backend can be selected; the message lists every
         *     discovered backend and why it is or is not usable
         */
        public GfncpRuntime build() {
            BackendSettings settings = new BackendSettings(backendName, config, properties, environment);
            List<Backend> created = new ArrayList<>();
            List<Module> all = new ArrayList<>();
            all.add(providers == null ? new BackendsModule() : new BackendsModule(providers));
            all.add(new AbstractModule() {
                @Override
                protected void configure() {
                    OptionalBinder.newOptionalBinder(binder(), BackendSettings.class)
                            .setBinding().toInstance(settings);
                    // Remembers the backend as soon as it exists, so a later binding failure cannot leak it.
                    bindListener(Matchers.any(), new ProvisionListener() {
                        @Override
                        public <T> void onProvision(ProvisionInvocation<T> provision) {
                            T instance = provision.provision();
                            if (instance instanceof Selection selection) {
                                created.add(selection.backend());
                            }
                        }
                    });
                }
            });
            all.addAll(modules);
            try {
                Injector injector = Guice.createInjector(stage, all);
                return new GfncpRuntime(injector, injector.getInstance(Selection.class));
            } catch (CreationException | ProvisionException e) {
                created.forEach(Backend::close);
                BackendUnavailableException cause = backendFailure(e);
                throw cause != null ? cause : e;
            }
        }

        private static BackendUnavailableException backendFailure(RuntimeException e) {
            List<Message> messages = e instanceof CreationException creation
                    ? List.copyOf(creation.getErrorMessages())
                    : List.copyOf(((ProvisionException) e).getErrorMessages());
            for (Message message : messages) {
                for (Throwable t = message.getCause(); t != null; t = t.getCause()) {
                    if (t instanceof BackendUnavailableException unavailable) {
                        return unavailable;
                    }
                }
            }
            return null;
        }
    }
}
