package org.gfncp.spi.backend;

/**
 * The cheap entry a backend registers in {@code META-INF/services/org.gfncp.spi.backend.BackendProvider}.
 * Implementations have a public no-argument constructor that does no work, and never load native code before
 * {@link #create(BackendConfig)}.
 */
public interface BackendProvider {

    /** Unique, lower-case name used for selection, e.g. {@code "dl4j"}, {@code "djl"}, {@code "tensorflow"}. */
    String name();

    /** Higher wins when nothing selects a backend explicitly. */
    int priority();

    /**
     * Whether this backend can run here, judged without loading native code (classes present, OS and
     * architecture supported). When false, {@link #unavailableReason()} says why.
     */
    boolean isAvailable();

    /** Why {@link #isAvailable()} is false; empty text when it is available. */
    default String unavailableReason() {
        return "";
    }

    /** Loads the engine. Throws {@link BackendUnavailableException} when it cannot. */
    Backend create(BackendConfig config);
}
