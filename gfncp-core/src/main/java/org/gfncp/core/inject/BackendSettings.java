package org.gfncp.core.inject;

import java.util.Objects;
import java.util.function.Function;
import org.gfncp.spi.backend.BackendConfig;

/**
 * What the injector needs to choose and create a backend.
 *
 * @param name an explicit backend name, or null to defer to the system property, environment and priority
 * @param config handed to the chosen provider's {@code create}
 * @param properties system property lookup
 * @param environment environment variable lookup
 */
public record BackendSettings(String name, BackendConfig config, Function<String, String> properties,
        Function<String, String> environment) {

    public BackendSettings {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(environment, "environment");
    }

    /** No explicit name, {@link BackendConfig#defaults()}, the real system properties and environment. */
    public static BackendSettings fromSystem() {
        return new BackendSettings(null, BackendConfig.defaults(), System::getProperty, System::getenv);
    }
}
