package org.gfncp.cli.model;

import java.util.List;
import java.util.Locale;
import org.gfncp.cli.error.UserException;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.core.backend.Selection;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.BackendUnavailableException;

/**
 * Opens the backend named on the command line (or chosen by {@code gfncp.backend}, {@code GFNCP_BACKEND} or
 * priority). The reference backend is always on the class path; the engine backends come with the Maven profiles
 * {@code -Pdjl}, {@code -Pdl4j} and {@code -Ptensorflow}.
 */
public final class BackendChoice {

    /** Every backend the project ships, whether or not it is on this class path. */
    public static final List<String> KNOWN = List.of("reference", "djl", "dl4j", "tensorflow");

    private final BackendSelector selector;

    public BackendChoice(BackendSelector selector) {
        this.selector = selector;
    }

    public static BackendChoice fromClasspath() {
        return new BackendChoice(BackendSelector.fromClasspath());
    }

    /** Names of the backends found on this class path. */
    public List<String> available() {
        return selector.providers().stream().map(BackendProvider::name).toList();
    }

    /**
     * Opens a backend; the caller closes it.
     *
     * @param name a backend name, or null for the default rules
     */
    public Selection open(String name, int threads) {
        if (name != null && !name.isBlank()) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            if (!available().contains(wanted)) {
                String hint = KNOWN.contains(wanted)
                        ? " Backend '" + wanted + "' is not on the class path: run with the Maven profile -P" + wanted + "."
                        : " Known backends: " + String.join(", ", KNOWN) + ".";
                throw UserException.usage("unknown backend '" + name + "'; valid backends here: "
                        + String.join(", ", available()) + "." + hint);
            }
        }
        try {
            return selector.open(name, new BackendConfig(threads, 1, BackendConfig.gpuRequested()));
        } catch (BackendUnavailableException e) {
            throw UserException.usage("backend cannot be opened: " + e.getMessage());
        }
    }
}
