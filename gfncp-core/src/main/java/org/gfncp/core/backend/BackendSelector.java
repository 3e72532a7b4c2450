package org.gfncp.core.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.BackendUnavailableException;

/**
 * Chooses one backend among the discovered providers and creates it. A name is taken from, in order: the
 * explicit configuration value, the {@value #PROPERTY} system property, the {@value #ENV} environment variable.
 * Blank values count as absent. With no name, the available provider with the highest
 * {@link BackendProvider#priority()} wins (ties broken by name); if its {@code create} fails, the next one is tried.
 *
 * <p>A named backend that is unknown, unavailable or fails to load is an error, never a silent fallback: the
 * {@link BackendUnavailableException} lists every discovered backend with "available" or the reason it is not.
 */
public final class BackendSelector {

    /** System property naming the backend. */
    public static final String PROPERTY = "gfncp.backend";

    /** Environment variable naming the backend. */
    public static final String ENV = "GFNCP_BACKEND";

    private static final Comparator<BackendProvider> BY_PRIORITY =
            Comparator.comparingInt(BackendProvider::priority).reversed().thenComparing(BackendProvider::name);

    private final List<BackendProvider> providers;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    /**
     * @param providers the discovered providers; names must be unique
     * @param properties system property lookup (normally {@code System::getProperty})
     * @param environment environment lookup (normally {@code System::getenv})
     */
    public BackendSelector(List<BackendProvider> providers, Function<String, String> properties,
            Function<String, String> environment) {
        Objects.requireNonNull(providers, "providers");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.environment = Objects.requireNonNull(environment, "environment");
        Map<String, BackendProvider> byName = new HashMap<>();
        for (BackendProvider provider : providers) {
            String name = provider.name();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Backend provider " + provider.getClass().getName()
                        + " has a blank name");
            }
            BackendProvider previous = byName.putIfAbsent(normalize(name), provider);
            if (previous != null) {
                throw new IllegalArgumentException("Two backend providers are named '" + name + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        List<BackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(BY_PRIORITY);
        this.providers = List.copyOf(sorted);
    }

    /** The providers found by {@link Backends#discover()}, with the real system properties and environment. */
    public static BackendSelector fromClasspath() {
        return new BackendSelector(Backends.discover(), System::getProperty, System::getenv);
    }

    /** The providers, highest priority first. */
    public List<BackendProvider> providers() {
        return providers;
    }

    /**
     * The name the rules ask for, and which rule it came from; empty when nothing names a backend and the
     * priority rule applies.
     */
    public Optional<Request> request(String configured) {
        if (isPresent(configured)) {
            return Optional.of(new Request(normalize(configured), SelectionSource.CONFIGURATION));
        }
        String property = properties.apply(PROPERTY);
        if (isPresent(property)) {
            return Optional.of(new Request(normalize(property), SelectionSource.SYSTEM_PROPERTY));
        }
        String env = environment.apply(ENV);
        if (isPresent(env)) {
            return Optional.of(new Request(normalize(env), SelectionSource.ENVIRONMENT));
        }
        return Optional.empty();
    }

    /**
     * Chooses by the rules and creates the backend; the caller owns (and closes) it.
     *
     * @param configured an explicit backend name, or null/blank to defer to the property, environment and priority
     * @throws BackendUnavailableException when the named backend is unknown, unavailable or fails to load, or
     *     when no backend is usable at all
     */
    public Selection open(String configured, BackendConfig config) {
        Objects.requireNonNull(config, "config");
        Optional<Request> request = request(configured);
        if (request.isPresent()) {
            return openNamed(request.get(), config);
        }
        return openByPriority(config);
    }

    /** One line per provider, highest priority first: name, priority, and "available" or why not. */
    public String report() {
        return report(Map.of());
    }

    private Selection openNamed(Request request, BackendConfig config) {
        BackendProvider provider = providers.stream()
                .filter(p -> normalize(p.name()).equals(request.name()))
                .findFirst()
                .orElseThrow(() -> new BackendUnavailableException("Unknown backend '" + request.name()
                        + "' (from " + request.source().description() + "). " + discoveredList(Map.of())));
        String unavailable = unavailableReason(provider);
        if (unavailable != null) {
            throw new BackendUnavailableException("Backend '" + request.name() + "' (from "
                    + request.source().description() + ") cannot run here: " + unavailable + ". "
                    + discoveredList(Map.of()));
        }
        try {
            return new Selection(create(provider, config), request.source());
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("Backend '" + request.name() + "' (from "
                    + request.source().description() + ") failed to load: " + message(e) + ". "
                    + discoveredList(Map.of(provider, e)), e);
        }
    }

    private Selection openByPriority(BackendConfig config) {
        Map<BackendProvider, Throwable> failures = new LinkedHashMap<>();
        for (BackendProvider provider : providers) {
            if (unavailableReason(provider) != null) {
                continue;
            }
            try {
                return new Selection(create(provider, config), SelectionSource.PRIORITY);
            } catch (RuntimeException | LinkageError e) {
                failures.put(provider, e);
            }
        }
        Throwable first = failures.values().stream().findFirst().orElse(null);
        throw new BackendUnavailableException("No usable backend (nothing named one through configuration, "
                + PROPERTY + " or " + ENV + "). " + discoveredList(failures), first);
    }

    private static Backend create(BackendProvider provider, BackendConfig config) {
        Backend backend = provider.create(config);
        if (backend == null) {
            throw new BackendUnavailableException(provider.getClass().getName() + ".create returned null");
        }
        return backend;
    }

    private String discoveredList(Map<BackendProvider, Throwable> failures) {
        if (providers.isEmpty()) {
            return "No backend was discovered: put a backend jar on the class path (each registers "
                    + "META-INF/services/" + BackendProvider.class.getName() + ").";
        }
        return "Discovered backends:\n" + report(failures);
    }

    private String report(Map<BackendProvider, Throwable> failures) {
        StringBuilder text = new StringBuilder();
        for (BackendProvider provider : providers) {
            String reason = unavailableReason(provider);
            Throwable failure = failures.get(provider);
            String status;
            if (reason != null) {
                status = "not available: " + reason;
            } else if (failure != null) {
                status = "failed to load: " + message(failure);
            } else {
                status = "available";
            }
            text.append(String.format(Locale.ROOT, "  %-12s priority %4d  %s%n", provider.name(),
                    provider.priority(), status));
        }
        return text.toString();
    }

    /** Null when the provider reports itself available; otherwise why not, never blank. */
    private static String unavailableReason(BackendProvider provider) {
        try {
            if (provider.isAvailable()) {
                return null;
            }
            String reason = provider.unavailableReason();
            return reason == null || reason.isBlank() ? "no reason given" : reason;
        } catch (RuntimeException | LinkageError e) {
            return "isAvailable() failed: " + message(e);
        }
    }

    private static String message(Throwable e) {
        String text = e.getMessage();
        return e.getClass().getSimpleName() + (text == null || text.isBlank() ? "" : ": " + text);
    }

    private static boolean isPresent(String value) {
        return value != null && !value.isBlank();
    }

    private static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * A backend asked for by name.
     *
     * @param name the trimmed, lower-case name
     * @param source the rule that supplied it
     */
    public record Request(String name, SelectionSource source) {

        public Request {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
        }
    }
}
