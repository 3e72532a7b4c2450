package org.gfncp.backend.dl4j;

import java.util.Locale;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.BackendUnavailableException;

/**
 * Registers the ND4J backend. Discovery only looks at class and resource presence and the platform; ND4J itself,
 * and with it libnd4j and OpenBLAS, is loaded by {@link #create(BackendConfig)}.
 */
public final class Dl4jBackendProvider implements BackendProvider {

    /** The name used to select this backend. */
    public static final String NAME = "dl4j";

    private static final String ND4J_CLASS = "org.nd4j.linalg.factory.Nd4j";
    private static final String CPU_BACKEND_CLASS = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    /** The libnd4j binary shipped in nd4j-native's linux-x86_64 classifier jar. */
    private static final String NATIVE_LIBRARY = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so";

    public Dl4jBackendProvider() {
        // Deliberately empty: ServiceLoader instantiates every provider during discovery.
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    @Override
    public String unavailableReason() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "ND4J native binaries are packaged here for linux-x86_64 only, not " + os + "/" + arch;
        }
        ClassLoader loader = loader();
        for (String cls : new String[] {ND4J_CLASS, CPU_BACKEND_CLASS}) {
            try {
                // initialize=false: resolving the class must not run Nd4j's static initializer (native loading).
                Class.forName(cls, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return "class " + cls + " is not on the classpath (add org.nd4j:nd4j-native)";
            }
        }
        if (loader.getResource(NATIVE_LIBRARY) == null) {
            return "native library " + NATIVE_LIBRARY
                    + " is missing (add org.nd4j:nd4j-native with classifier linux-x86_64)";
        }
        return "";
    }

    @Override
    public Backend create(BackendConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("dl4j: BackendConfig is null");
        }
        String reason = unavailableReason();
        if (!reason.isEmpty()) {
            throw new BackendUnavailableException("dl4j backend unavailable: " + reason);
        }
        try {
            return new Dl4jBackend(config);
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("dl4j backend failed to load ND4J: " + e, e);
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Dl4jBackendProvider.class.getClassLoader();
    }
}
