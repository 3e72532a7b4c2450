package org.gfncp.core.backend;

/** Where the chosen backend's name came from, in order of precedence. */
public enum SelectionSource {
    /** An explicit value passed by the caller (a config file, a command-line option). */
    CONFIGURATION("configuration"),
    /** The {@code gfncp.backend} system property. */
    SYSTEM_PROPERTY("system property " + BackendSelector.PROPERTY),
    /** The {@code GFNCP_BACKEND} environment variable. */
    ENVIRONMENT("environment variable " + BackendSelector.ENV),
    /** Nothing named one: the available provider with the highest priority. */
    PRIORITY("highest priority");

    private final String description;

    SelectionSource(String description) {
        this.description = description;
    }

    /** In words, for messages. */
    public String description() {
        return description;
    }
}
