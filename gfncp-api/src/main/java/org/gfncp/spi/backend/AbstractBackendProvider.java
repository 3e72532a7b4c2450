package org.gfncp.spi.backend;

import java.util.Locale;

/**
 * The parts of a {@link BackendProvider} that do not depend on the engine: name, priority, availability from
 * {@link #unavailableReason()}, and a {@link #create(BackendConfig)} that checks both before loading. Also the
 * look-ups a provider may make during discovery without loading native code.
 */
public abstract class AbstractBackendProvider implements BackendProvider {

    private final String name;
    private final int priority;

    protected AbstractBackendProvider(String name, int priority) {
        this.name = name;
        this.priority = priority;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int priority() {
        return priority;
    }

    @Override
    public final boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    /** Checks the config and availability, then {@link #load(BackendConfig) loads} the engine. */
    @Override
    public final Backend create(BackendConfig config) {
        if (config == null) {
            throw new IllegalArgumentException(name + ": create needs a BackendConfig, got null");
        }
        String reason = unavailableReason();
        if (!reason.isEmpty()) {
            throw new BackendUnavailableException("backend '" + name + "' is unavailable: " + reason);
        }
        return load(config);
    }

    /** Loads the engine; called only when {@link #isAvailable()}. */
    protected abstract Backend load(BackendConfig config);

    /** The first of {@code classes} that {@code loader} cannot resolve, or null when all are present. */
    protected static String missingClass(ClassLoader loader, String... classes) {
        for (String cls : classes) {
            try {
                // initialize=false: an engine class's static initializer may load native code or scan for engines.
                Class.forName(cls, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return cls;
            }
        }
        return null;
    }

    /** The thread's context class loader, else {@code owner}'s: where an application puts the engine jars. */
    protected static ClassLoader loader(Class<?> owner) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : owner.getClassLoader();
    }

    /** {@code os.name}, lower case. */
    protected static String osName() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    }

    /** {@code os.arch}, lower case. */
    protected static String osArch() {
        return System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    }

    /** Whether the JVM runs on 64-bit x86 (the names JVMs use for it vary). */
    protected static boolean isX64() {
        String arch = osArch();
        return arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86-64");
    }

    /** Whether the JVM runs on 64-bit ARM. */
    protected static boolean isArm64() {
        String arch = osArch();
        return arch.equals("aarch64") || arch.equals("arm64");
    }

    /** Whether the JVM runs on Linux. */
    protected static boolean isLinux() {
        return osName().startsWith("linux");
    }
}
